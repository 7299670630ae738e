import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AreaLibraryService } from '../areas/library/area-library.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/roles.js';
import { DispatchService } from '../dispatch/dispatch.service.js';
import type { RunProgress } from '../dispatch/dispatch.types.js';
import type { AlertEntity } from './alert.entity.js';
import { transition, type AlertAction, type AlertState } from './alert-lifecycle.js';
import { toAlertView, type AlertView } from './alert.view.js';
import { AlertAreaPermission } from './alert-area-permission.js';
import { AlertLauncher } from './alert-launcher.js';
import { readSchedule } from './schedule/schedule-input.js';
import { AlertDrafting } from './template/alert-drafting.service.js';
import { AlertNotFoundError, refusalError } from './alerts.errors.js';
import { assertDispatchable } from './cap/dispatch-guards.js';
import { AlertsRepository, type AlertChanges } from './alerts.repository.js';
import type { CreateAlertDto } from './dto/create-alert.dto.js';
import { AlertApprovals, type ApprovalInput } from './approval/alert-approvals.js';
import { normalizedFilters } from './approval/outgoing-content.js';

@Injectable()
export class AlertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AlertsRepository,
    private readonly areas: AreaLibraryService,
    private readonly dispatch: DispatchService,
    private readonly audit: AuditService,
    private readonly approvals: AlertApprovals,
    private readonly launcher: AlertLauncher,
    private readonly drafting: AlertDrafting,
    private readonly areaPermission: AlertAreaPermission,
  ) {}

  async create(actor: Principal, input: CreateAlertDto): Promise<AlertView> {
    await this.areas.resolve(input.area);
    await this.areaPermission.assertAllowed(actor, input.area);
    // Texts, headline and event as given, or rendered from a template version (recorded with its variables).
    const content = await this.drafting.compose(input);
    const schedule = readSchedule(input);
    const alert = await this.dataSource.transaction(async (manager) => {
      const { filters, ...fields } = input;
      const created = await this.repository.insert(manager, { ...fields, ...content, ...schedule, audienceFilters: storedFilters(filters), createdBy: actor.operatorId });
      const template = created.templateId ? { id: created.templateId, version: created.templateVersion } : null;
      await this.record(manager, actor, 'alert.created', created, { headline: created.headline, status: created.status, severity: created.severity, urgency: created.urgency, filters: created.audienceFilters, template });
      return created;
    });
    return this.view(alert);
  }

  submit(actor: Principal, id: string): Promise<AlertView> {
    return this.act(actor, id, 'submit', () => ({ submittedAt: new Date() }), async (manager, alert) => {
      await this.areaPermission.assertAllowed(actor, alert.area, manager);
      return {};
    });
  }

  /**
   * Records one approval of the content hash the approver reviewed (status typed again). The last
   * approval the alert needs (two above BEACON_TWO_APPROVALS_ABOVE people) starts the dispatch in the
   * same transaction; an earlier one leaves the alert pending.
   */
  async approve(actor: Principal, id: string, input: ApprovalInput): Promise<AlertView> {
    const started = await this.dataSource.transaction(async (manager) => {
      const alert = await this.lockForStep(manager, actor, id, 'approve');
      await this.areaPermission.assertAllowed(actor, alert.area, manager);
      assertDispatchable(alert, new Date());
      const approval = await this.approvals.approve(manager, actor, alert, input);
      if (!approval.complete) return false;
      const decided = { state: 'approved', decidedBy: actor.operatorId, decidedAt: new Date() } satisfies AlertChanges;
      await this.repository.update(manager, id, decided);
      const approvers = approval.approvals.map((entry) => entry.approverId);
      await this.record(manager, actor, 'alert.approved', alert, { from: alert.state, to: decided.state, contentHash: approval.contentHash, confirmStatus: input.confirmStatus ?? null, approvers, audience: approval.audience });
      const approved = { ...alert, ...decided };
      await this.approvals.assertStillValid(manager, approved);
      // The dispatch starts now, or at the alert's onset (state scheduled); see AlertLauncher.
      return this.launcher.launchApproved(manager, actor.operatorId, approved, new Date(), { contentHash: approval.contentHash });
    });
    if (started) await this.launcher.afterCommit(started);
    return this.get(id);
  }

  reject(actor: Principal, id: string, reason: string): Promise<AlertView> {
    return this.act(actor, id, 'reject', () => ({ decidedBy: actor.operatorId, decidedAt: new Date(), decisionReason: reason }), () => ({ reason }));
  }

  async get(id: string): Promise<AlertView> {
    const alert = await this.repository.findById(id);
    if (!alert) throw new AlertNotFoundError(id);
    return this.view(alert, alert.dispatchRunId ? await this.dispatch.progress(alert.dispatchRunId) : undefined);
  }

  async list(filter: { state?: AlertState; limit: number }): Promise<AlertView[]> {
    const alerts = await this.repository.list(filter);
    const approvals = await this.approvals.stateOf(alerts);
    return alerts.map((alert) => toAlertView(alert, undefined, approvals.get(alert.id)));
  }

  /** The view with the alert's current content hash and its approvals. */
  async view(alert: AlertEntity, progress?: RunProgress): Promise<AlertView> {
    return toAlertView(alert, progress, (await this.approvals.stateOf([alert])).get(alert.id));
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
      const alert = await this.lockForStep(manager, actor, id, action);
      const next = { ...changes(alert), state: nextState(alert, action, actor) };
      await this.repository.update(manager, id, next);
      const data = await effects(manager, { ...alert, ...next });
      await this.record(manager, actor, `alert.${actionPast(action)}`, alert, { from: alert.state, to: next.state, ...data });
      return { ...alert, ...next };
    });
    return this.view(updated);
  }

  /** Locks the alert for the rest of the transaction and checks the lifecycle allows `action` by `actor`. */
  async lockForStep(manager: EntityManager, actor: Principal, id: string, action: AlertAction): Promise<AlertEntity> {
    const alert = await this.repository.lockById(manager, id);
    if (!alert) throw new AlertNotFoundError(id);
    nextState(alert, action, actor);
    return alert;
  }

  private async record(manager: EntityManager, actor: Principal, action: string, alert: AlertEntity, data: Record<string, unknown>) {
    await this.audit.record(manager, { actor: actor.operatorId, action, subjectType: 'alert', subjectId: alert.id, data });
  }
}

function nextState(alert: AlertEntity, action: AlertAction, actor: Principal): AlertState {
  const step = transition({ state: alert.state as AlertState, createdBy: alert.createdBy }, action, actor.operatorId);
  if (!step.ok) throw refusalError(step.refusal);
  return step.next;
}

/** Filters as stored: lists sorted and de-duplicated; none at all is NULL. */
export function storedFilters(filters: CreateAlertDto['filters']): AlertEntity['audienceFilters'] {
  const normalized = normalizedFilters(filters);
  return Object.keys(normalized).length === 0 ? null : normalized;
}

function actionPast(action: AlertAction): string {
  switch (action) {
    case 'submit': return 'submitted';
    case 'approve': return 'approved';
    case 'reject': return 'rejected';
    case 'cancel': return 'cancelled';
    case 'edit': return 'edited';
  }
}
