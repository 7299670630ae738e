import { Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/roles.js';
import { ConflictError, InvalidInputError } from '../common/domain-error.js';
import { DispatchService, type RunSnapshot } from '../dispatch/dispatch.service.js';
import type { AlertEntity } from './alert.entity.js';
import { AlertNotFoundError } from './alerts.errors.js';
import { AlertsRepository } from './alerts.repository.js';
import { decodeCursor, encodeCursor, seesRecipients, toDeliveryView, type DeliveryView } from './delivery.view.js';
import type { ListDeliveriesDto } from './dto/alert-dispatch.dto.js';

export type DispatchControl = 'pause' | 'resume' | 'abort';

export interface DispatchControlResult {
  alertId: string;
  runId: string;
  state: string;
}

class NotDispatchedError extends ConflictError {
  constructor(id: string) {
    super('alert.not_dispatched', `Alert ${id} has no dispatch.`);
  }
}

class DispatchStateError extends ConflictError {
  constructor(action: DispatchControl, state: string) {
    super('alert.dispatch_not_controllable', `Cannot ${action} a dispatch that is ${state}.`, { state });
  }
}

/** Operator controls and live views of an alert's dispatch run. */
@Injectable()
export class AlertDispatchService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly alerts: AlertsRepository,
    private readonly dispatch: DispatchService,
    private readonly audit: AuditService,
  ) {}

  /** Pause, resume or abort in one transaction with its audit event; workers notice within ~200 ms. */
  async control(actor: Principal, id: string, action: DispatchControl, reason?: string): Promise<DispatchControlResult> {
    const result = await this.dataSource.transaction(async (manager) => {
      const alert = await this.alerts.lockById(manager, id);
      if (!alert) throw new AlertNotFoundError(id);
      const runId = alert.dispatchRunId;
      if (!runId) throw new NotDispatchedError(id);
      const data = await this.apply(manager, action, runId);
      await this.audit.record(manager, {
        actor: actor.operatorId,
        action: `alert.dispatch_${pastTense(action)}`,
        subjectType: 'alert',
        subjectId: alert.id,
        data: { runId, reason: reason ?? null, ...data },
      });
      return { alertId: alert.id, runId, state: action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'aborted' };
    });
    if (action === 'resume') this.dispatch.notifyWork();
    if (action === 'abort') await this.dispatch.announceAborted(result.runId);
    return result;
  }

  /** Counts by status every half second until the run ends (the last event is the final count). */
  async watch(id: string): Promise<Observable<RunSnapshot>> {
    return this.dispatch.watch(await this.runOf(id));
  }

  async deliveries(actor: Principal, id: string, query: ListDeliveriesDto): Promise<{ deliveries: DeliveryView[]; nextCursor: string | null }> {
    const runId = await this.runOf(id);
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    if (query.cursor !== undefined && afterId === undefined) throw new InvalidInputError('delivery.invalid_cursor', 'The cursor is not one this API returned.');
    const limit = query.limit ?? 100;
    const rows = await this.dispatch.deliveries(runId, { status: query.status, channel: query.channel, afterId, limit: limit + 1 });
    const page = rows.slice(0, limit);
    const unmasked = seesRecipients(actor.roles);
    const last = page.at(-1);
    return { deliveries: page.map((row) => toDeliveryView(row, unmasked)), nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
  }

  private async runOf(id: string): Promise<string> {
    const alert: AlertEntity | null = await this.alerts.findById(id);
    if (!alert) throw new AlertNotFoundError(id);
    if (!alert.dispatchRunId) throw new NotDispatchedError(id);
    return alert.dispatchRunId;
  }

  private async apply(manager: EntityManager, action: DispatchControl, runId: string): Promise<Record<string, unknown>> {
    switch (action) {
      case 'pause':
        if (!(await this.dispatch.pauseRun(manager, runId))) throw new DispatchStateError(action, await this.stateOf(runId));
        return {};
      case 'resume':
        if (!(await this.dispatch.resumeRun(manager, runId))) throw new DispatchStateError(action, await this.stateOf(runId));
        return {};
      case 'abort': {
        const state = await this.stateOf(runId);
        if (state !== 'running' && state !== 'paused') throw new DispatchStateError(action, state);
        return { unsentDeliveriesAborted: await this.dispatch.abortRun(manager, runId) };
      }
    }
  }

  private async stateOf(runId: string): Promise<string> {
    return (await this.dispatch.runState(runId)) ?? 'unknown';
  }
}

function pastTense(action: DispatchControl): string {
  switch (action) {
    case 'pause':
      return 'paused';
    case 'resume':
      return 'resumed';
    case 'abort':
      return 'aborted';
  }
}
