import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { Roles } from '../auth/public.decorator.js';
import type { Principal } from '../auth/roles.js';
import { AlertEditor } from './alert-editor.js';
import { AlertsService } from './alerts.service.js';
import { ApproveAlertDto } from './dto/approve-alert.dto.js';
import { UpdateAlertDto } from './dto/update-alert.dto.js';
import { CreateAlertDto, RejectAlertDto } from './dto/create-alert.dto.js';
import { ListAlertsDto } from './dto/list-alerts.dto.js';

const uuid = new ParseUUIDPipe();

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly editor: AlertEditor,
  ) {}

  @Roles('operator')
  @Post()
  create(@CurrentPrincipal() actor: Principal, @Body() body: CreateAlertDto) {
    return this.alerts.create(actor, body);
  }

  @Roles('operator', 'approver', 'admin', 'auditor')
  @Get()
  async list(@Query() query: ListAlertsDto) {
    return { alerts: await this.alerts.list({ state: query.state, limit: query.limit ?? 50 }) };
  }

  @Roles('operator', 'approver', 'admin', 'auditor')
  @Get(':id')
  get(@Param('id', uuid) id: string) {
    return this.alerts.get(id);
  }

  /** The author edits a draft or pending alert; a pending one goes back to draft and loses its approvals. */
  @Roles('operator')
  @Patch(':id')
  edit(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string, @Body() body: UpdateAlertDto) {
    return this.editor.edit(actor, id, body);
  }

  @Roles('operator')
  @Post(':id/submit')
  @HttpCode(200)
  submit(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string) {
    return this.alerts.submit(actor, id);
  }

  @Roles('approver')
  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string, @Body() body: ApproveAlertDto) {
    return this.alerts.approve(actor, id, body);
  }

  @Roles('approver')
  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string, @Body() body: RejectAlertDto) {
    return this.alerts.reject(actor, id, body.reason);
  }
}
