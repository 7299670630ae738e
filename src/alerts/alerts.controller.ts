import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { Roles } from '../auth/public.decorator.js';
import type { Principal } from '../auth/roles.js';
import { AlertsService } from './alerts.service.js';
import { CancelAlertDto, CreateAlertDto, RejectAlertDto } from './dto/create-alert.dto.js';
import { ListAlertsDto } from './dto/list-alerts.dto.js';

const uuid = new ParseUUIDPipe();

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

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

  @Roles('operator')
  @Post(':id/submit')
  @HttpCode(200)
  submit(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string) {
    return this.alerts.submit(actor, id);
  }

  @Roles('approver')
  @Post(':id/approve')
  @HttpCode(200)
  approve(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string) {
    return this.alerts.approve(actor, id);
  }

  @Roles('approver')
  @Post(':id/reject')
  @HttpCode(200)
  reject(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string, @Body() body: RejectAlertDto) {
    return this.alerts.reject(actor, id, body.reason);
  }

  @Roles('operator', 'approver', 'admin')
  @Post(':id/cancel')
  @HttpCode(200)
  cancel(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string, @Body() body: CancelAlertDto) {
    return this.alerts.cancel(actor, id, body.reason);
  }
}
