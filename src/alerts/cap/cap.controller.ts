import { Controller, Get, Next, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { CurrentPrincipal } from '../../auth/principal.decorator.js';
import { Roles } from '../../auth/public.decorator.js';
import type { Principal } from '../../auth/roles.js';
import { CapService } from './cap.service.js';
import { CAP_MEDIA_TYPE, sendAs } from './xml-response.js';

const CAP_CONTENT_TYPES = ['application/cap+xml', 'application/xml', 'text/xml'];

/**
 * CAP 1.2 over the alerts API. `POST /api/v1/alerts` with an XML content type is handled here; any
 * other content type falls through (`next()`) to AlertsController's JSON `create`, which is why this
 * controller is registered before it.
 */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class CapController {
  constructor(private readonly cap: CapService) {}

  @Roles('operator')
  @Post()
  @ApiExcludeEndpoint()
  async importCap(@CurrentPrincipal() actor: Principal, @Req() request: Request, @Res() response: Response, @Next() next: NextFunction): Promise<void> {
    if (!request.is(CAP_CONTENT_TYPES)) {
      next();
      return;
    }
    const body: unknown = request.body;
    const result = await this.cap.importCap(actor, typeof body === 'string' ? body : '');
    response.status(result.kind === 'created' ? 201 : 200).json(result.body);
  }

  @Roles('operator', 'approver', 'admin', 'auditor')
  @Get(':id/cap')
  @ApiProduces('application/cap+xml')
  async exportCap(@Param('id', new ParseUUIDPipe()) id: string, @Res({ passthrough: true }) response: Response): Promise<string> {
    return sendAs(response, CAP_MEDIA_TYPE, await this.cap.exportCap(id));
  }
}
