import { Body, Controller, Get, HttpCode, type MessageEvent, Param, ParseUUIDPipe, Post, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { map, type Observable } from 'rxjs';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { Roles } from '../auth/public.decorator.js';
import type { Principal } from '../auth/roles.js';
import { AlertDispatchService } from './alert-dispatch.service.js';
import { DispatchActionDto, ListDeliveriesDto } from './dto/alert-dispatch.dto.js';

const uuid = new ParseUUIDPipe();

/** Operator controls and live views of an alert's dispatch: pause, resume, abort, progress stream, delivery log. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class AlertDispatchController {
  constructor(private readonly dispatch: AlertDispatchService) {}

  @Roles('operator', 'approver', 'admin')
  @Post(':id/pause')
  @HttpCode(200)
  pause(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string, @Body() body: DispatchActionDto) {
    return this.dispatch.control(actor, id, 'pause', body.reason);
  }

  @Roles('operator', 'approver', 'admin')
  @Post(':id/resume')
  @HttpCode(200)
  resume(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string, @Body() body: DispatchActionDto) {
    return this.dispatch.control(actor, id, 'resume', body.reason);
  }

  @Roles('operator', 'approver', 'admin')
  @Post(':id/abort')
  @HttpCode(200)
  abort(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string, @Body() body: DispatchActionDto) {
    return this.dispatch.control(actor, id, 'abort', body.reason);
  }

  /** Server-Sent Events: `progress` events with counts by status, twice a second, until the run ends. */
  @Roles('operator', 'approver', 'admin', 'auditor')
  @Sse(':id/progress/stream')
  async progress(@Param('id', uuid) id: string): Promise<Observable<MessageEvent>> {
    // Resolved before the stream opens, so an unknown alert is a plain 404, not a broken stream.
    const stream = await this.dispatch.watch(id);
    return stream.pipe(map((snapshot) => ({ type: 'progress', data: snapshot })));
  }

  @Roles('operator', 'approver', 'admin', 'auditor')
  @Get(':id/deliveries')
  deliveries(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string, @Query() query: ListDeliveriesDto) {
    return this.dispatch.deliveries(actor, id, query);
  }
}
