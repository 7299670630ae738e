import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AreaLibraryService } from '../areas/library/area-library.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/roles.js';
import { DispatchService } from '../dispatch/dispatch.service.js';
import type { AlertEntity } from './alert.entity.js';
import { transition, type AlertAction, type AlertState } from './alert-lifecycle.js';
import { validateTexts } from './alert-texts.js';
import { toAlertView, type AlertView } from './alert.view.js';
import { AlertDispatcher } from './alert-dispatcher.js';
import { AlertNotFoundError, refusalError } from './alerts.errors.js';
import { assertDispatchable } from './cap/dispatch-guards.js';
import { AlertsRepository, type AlertChanges } from './alerts.repository.js';
import type { CreateAlertDto } from './dto/create-alert.dto.js';

@Injectable()
export class AlertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AlertsRepository,
    private readonly areas: AreaLibraryService,
    private readonly dispatcher: AlertDispatcher,
    private readonly dispatch: DispatchService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Principal, input: CreateAlertDto): Promise<AlertView> {
    await this.areas.resolve(input.area);
    const texts = validateTexts(input.texts);
    const alert = await this.dataSource.transaction(async (manager) => {
      const created = await this.repository.insert(manager, { ...input, texts, createdBy: actor.operatorId });
      await this.record(manager, actor, 'alert.created', created, { headline: created.headline, status: created.status, severity: created.severity, urgency: created.urgency });
      return created;
    });
    return toAlertView(alert);
  }

  submit(actor: Principal, id: string): Promise<AlertView> {
    return this.act(actor, id, 'submit', () => ({ submittedAt: new Date() }), () => ({}));
  }

  async approve(actor: Principal, id: string): Promise<AlertView> {
    const view = await this.act(actor, id, 'approve', () => ({ decidedBy: actor.operatorId, decidedAt: new Date() }), async (manager, alert) => {
      assertDispatchable(alert, new Date());
      const { runId, targeted } = await this.dispatcher.start(manager, alert);
      await this.repository.update(manager, alert.id, { state: 'dispatching', dispatchRunId: runId });
      await this.record(manager, actor, 'alert.dispatch_started', alert, { runId, targeted });
      return { runId, targeted };
    });
    this.dispatch.notifyWork();
    return this.get(view.id);
  }

  reject(actor: Principal, id: string, reason: string): Promise<AlertView> {
    return this.act(actor, id, 'reject', () => ({ decidedBy: actor.operatorId, decidedAt: new Date(), decisionReason: reason }), () => ({ reason }));
  }

  cancel(actor: Principal, id: string, reason?: string): Promise<AlertView> {
    return this.act(actor, id, 'cancel', () => ({}), async (manager, alert) => {
      const aborted = alert.dispatchRunId ? await this.dispatch.abortRun(manager, alert.dispatchRunId) : 0;
      return { reason: reason ?? null, unsentDeliveriesAborted: aborted };
    });
  }

  async get(id: string): Promise<AlertView> {
    const alert = await this.repository.findById(id);
    if (!alert) throw new AlertNotFoundError(id);
    return toAlertView(alert, alert.dispatchRunId ? await this.dispatch.progress(alert.dispatchRunId) : undefined);
  }

  async list(filter: { state?: AlertState; limit: number }): Promise<AlertView[]> {
    return (await this.repository.list(filter)).map((alert) => toAlertView(alert));
  }

  /**
   * One lifecycle step in one transaction: lock, check the rules, change, record in the audit chain.
   * `effects` runs inside the same transaction and returns what the audit event should say.
   */
  private async act(
    actor: Principal,
    id: string,
    action: AlertAction,
    changes: (alert: AlertEntity) => AlertChanges,
    effects: (manager: EntityManager, alert: AlertEntity) => Promise<Record<string, unknown>> | Record<string, unknown>,
  ): Promise<AlertView> {
    const updated = await this.dataSource.transaction(async (manager) => {
      const alert = await this.repository.lockById(manager, id);
      if (!alert) throw new AlertNotFoundError(id);
      const step = transition({ state: alert.state as AlertState, createdBy: alert.createdBy }, action, actor.operatorId);
      if (!step.ok) throw refusalError(step.refusal);
      const next = { ...changes(alert), state: step.next };
      await this.repository.update(manager, id, next);
      const data = await effects(manager, { ...alert, ...next });
      await this.record(manager, actor, `alert.${actionPast(action)}`, alert, { from: alert.state, to: step.next, ...data });
      return { ...alert, ...next };
    });
    return toAlertView(updated);
  }

  private async record(manager: EntityManager, actor: Principal, action: string, alert: AlertEntity, data: Record<string, unknown>) {
    await this.audit.record(manager, { actor: actor.operatorId, action, subjectType: 'alert', subjectId: alert.id, data });
  }
}

function actionPast(action: AlertAction): string {
  switch (action) {
    case 'submit': return 'submitted';
    case 'approve': return 'approved';
    case 'reject': return 'rejected';
    case 'cancel': return 'cancelled';
  }
}
