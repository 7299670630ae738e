import { Body, Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../../auth/principal.decorator.js';
import { Roles } from '../../auth/public.decorator.js';
import type { Principal } from '../../auth/roles.js';
import { CancelAlertDto } from '../dto/create-alert.dto.js';
import { UpdateMessageDto } from '../dto/follow-up.dto.js';
import { FollowUpService } from './follow-up.service.js';

const uuid = new ParseUUIDPipe();

/** Update and Cancel of an alert (CAP msgType Update / Cancel); see docs/CAP.md. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class FollowUpController {
  constructor(private readonly followUps: FollowUpService) {}

  /** A draft Update of a sent alert, referencing it; submitted and approved like any alert. */
  @Roles('operator')
  @Post(':id/update')
  update(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string, @Body() body: UpdateMessageDto) {
    return this.followUps.update(actor, id, body);
  }

  /** Stops unsent messages at once; once people were reached, drafts a Cancel for them that needs approval. */
  @Roles('operator', 'approver', 'admin')
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string, @Body() body: CancelAlertDto) {
    return this.followUps.cancel(actor, id, body);
  }
}
