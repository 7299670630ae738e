import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AreaLibraryService } from '../../areas/library/area-library.service.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Principal } from '../../auth/roles.js';
import { BEACON_CONFIG } from '../../config/config.module.js';
import type { BeaconConfig } from '../../config/config.js';
import { DispatchService } from '../../dispatch/dispatch.service.js';
import type { AlertEntity } from '../alert.entity.js';
import { isSent, planCancel, type AlertState } from '../alert-lifecycle.js';
import { validateTexts } from '../alert-texts.js';
import type { AlertView } from '../alert.view.js';
import { AlertNotFoundError, refusalError } from '../alerts.errors.js';
import { AlertsRepository, type NewAlert } from '../alerts.repository.js';
import { AlertsService, storedFilters } from '../alerts.service.js';
import type { CancelAlertDto } from '../dto/create-alert.dto.js';
import type { UpdateMessageDto } from '../dto/follow-up.dto.js';
import { readSchedule } from '../schedule/schedule-input.js';
import type { DraftContent } from '../template/alert-template.js';
import { AlertDrafting } from '../template/alert-drafting.service.js';
import { cancelHeadline, cancelNotices } from './cancel-notice.js';
import { AlertSupersededError, CancelIsFinalError, FollowUpPendingError, NotUpdatableError } from './follow-up.errors.js';
import { FollowUpRepository } from './follow-up.repository.js';
import { referencesAfter } from './references.js';

/** The answer to a cancel request: the alert, and the Cancel message awaiting approval when people must be told. */
export type CancelOutcome = AlertView & { cancellation: AlertView | null };

/**
 * Beacon-originated Update and Cancel messages (CAP msgType Update / Cancel). Each references the
 * earlier alert, goes through approval like any alert, and on dispatch reaches everyone the earlier
 * alerts reached (plus, for an Update, everyone inside its area), see AlertLauncher and docs/CAP.md.
 */
@Injectable()
export class FollowUpService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AlertsRepository,
    private readonly followUps: FollowUpRepository,
    private readonly alerts: AlertsService,
    private readonly drafting: AlertDrafting,
    private readonly areas: AreaLibraryService,
    private readonly dispatch: DispatchService,
    private readonly audit: AuditService,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  /** A draft Update of a sent alert: the earlier alert's fields, with those given replacing them. */
  async update(actor: Principal, id: string, input: UpdateMessageDto): Promise<AlertView> {
    const snapshot = await this.repository.findById(id);
    if (!snapshot) throw new AlertNotFoundError(id);
    if (input.area !== undefined) await this.areas.resolve(input.area);
    const content = await this.drafting.compose(input, contentOf(snapshot));
    const schedule = readSchedule(input, { onsetAt: null, expiresAt: snapshot.expiresAt });
    const created = await this.dataSource.transaction(async (manager) => {
      const earlier = await this.lockFollowable(manager, id);
      if (!isSent(earlier.state as AlertState)) throw new NotUpdatableError(id, earlier.state);
      const update = await this.insert(manager, {
        ...content,
        severity: input.severity ?? earlier.severity,
        urgency: input.urgency ?? earlier.urgency,
        certainty: input.certainty ?? earlier.certainty,
        status: earlier.status,
        area: input.area ?? earlier.area,
        // Earlier recipients are reached whatever the filters; the filters narrow the newly covered people.
        audienceFilters: input.filters !== undefined ? storedFilters(input.filters) : earlier.audienceFilters,
        msgType: 'Update',
        capReferences: referencesAfter(earlier, this.config.cap.sender),
        referencesAlertId: earlier.id,
        ...schedule,
        createdBy: actor.operatorId,
      });
      await this.record(manager, actor, 'alert.created', update.id, {
        headline: update.headline, status: update.status, severity: update.severity, urgency: update.urgency, msgType: 'Update', references: earlier.id,
        template: update.templateId ? { id: update.templateId, version: update.templateVersion } : null,
      });
      return update;
    });
    return this.alerts.get(created.id);
  }

  /**
   * Cancels an alert. Its unsent messages are stopped at once. Until it (or an earlier alert it updates)
   * has reached anyone, that is all: the alert is cancelled. Once people were reached, a Cancel message
   * to exactly them is drafted and submitted for approval (two-person rule); the alert becomes
   * `cancelled` when that Cancel is sent.
   */
  async cancel(actor: Principal, id: string, input: CancelAlertDto): Promise<CancelOutcome> {
    const texts = input.texts === undefined ? undefined : validateTexts(input.texts);
    const reason = input.reason ?? null;
    const outcome = await this.dataSource.transaction(async (manager) => {
      const alert = await this.lockFollowable(manager, id);
      const runState = alert.dispatchRunId ? await this.dispatch.runState(alert.dispatchRunId) : undefined;
      const unsent = alert.dispatchRunId ? await this.dispatch.abortRun(manager, alert.dispatchRunId) : 0;
      const abortedRunId = runState === 'running' || runState === 'paused' ? alert.dispatchRunId : null;
      const sent = isSent(alert.state as AlertState);
      const reached = sent && (await this.dispatch.reachedAnyone(manager, await this.followUps.chainRunIds(manager, alert.id)));
      const plan = planCancel(alert.state as AlertState, reached);
      if (!plan.ok) throw refusalError(plan.refusal);
      if (plan.plan === 'cancel_now') {
        await this.repository.update(manager, id, { state: 'cancelled' });
        await this.record(manager, actor, 'alert.cancelled', id, { from: alert.state, to: 'cancelled', reason, unsentDeliveriesAborted: unsent });
        return { cancellationId: null, abortedRunId };
      }
      const cancellation = await this.draftCancel(manager, actor, alert, texts);
      await this.record(manager, actor, 'alert.cancel_requested', id, { cancellation: cancellation.id, reason, unsentDeliveriesAborted: unsent });
      await this.record(manager, actor, 'alert.created', cancellation.id, { headline: cancellation.headline, status: cancellation.status, msgType: 'Cancel', references: id, reason });
      await this.record(manager, actor, 'alert.submitted', cancellation.id, { from: 'draft', to: 'pending_approval' });
      return { cancellationId: cancellation.id, abortedRunId };
    });
    // The aborted run ends now: its alert completes (when it stays dispatching) and its deliveries are sealed.
    if (outcome.abortedRunId) await this.dispatch.announceAborted(outcome.abortedRunId);
    const view = await this.alerts.get(id);
    return { ...view, cancellation: outcome.cancellationId ? await this.alerts.get(outcome.cancellationId) : null };
  }

  /** Locks the alert; refuses when it was superseded or already has an Update or Cancel on its way. */
  private async lockFollowable(manager: EntityManager, id: string): Promise<AlertEntity> {
    const alert = await this.repository.lockById(manager, id);
    if (!alert) throw new AlertNotFoundError(id);
    if (alert.state === 'superseded') throw new AlertSupersededError(id, await this.followUps.supersededBy(manager, id));
    if (isSent(alert.state as AlertState)) {
      if (alert.msgType === 'Cancel') throw new CancelIsFinalError(id);
      const open = await this.followUps.openFollowUp(manager, id);
      if (open) throw new FollowUpPendingError(id, open);
    }
    return alert;
  }

  /** The Cancel message of a sent alert, submitted: its author asked for it, a second person approves it. */
  private draftCancel(manager: EntityManager, actor: Principal, alert: AlertEntity, texts: Record<string, string> | undefined): Promise<AlertEntity> {
    const now = new Date();
    return this.insert(manager, {
      headline: cancelHeadline(alert.headline),
      event: alert.event,
      severity: alert.severity,
      urgency: alert.urgency,
      certainty: alert.certainty,
      status: alert.status,
      area: alert.area,
      texts: texts ?? cancelNotices(alert.texts),
      renderings: null,
      templateId: null,
      templateVersion: null,
      templateVariables: null,
      audienceFilters: alert.audienceFilters,
      msgType: 'Cancel',
      capReferences: referencesAfter(alert, this.config.cap.sender),
      referencesAlertId: alert.id,
      onsetAt: null,
      expiresAt: null,
      state: 'pending_approval',
      submittedAt: now,
      createdBy: actor.operatorId,
    });
  }

  private insert(manager: EntityManager, alert: FollowUpAlert): Promise<AlertEntity> {
    return this.repository.insert(manager, alert);
  }

  private async record(manager: EntityManager, actor: Principal, action: string, alertId: string, data: Record<string, unknown>): Promise<void> {
    await this.audit.record(manager, { actor: actor.operatorId, action, subjectType: 'alert', subjectId: alertId, data });
  }
}

type FollowUpAlert = NewAlert & DraftContent & Pick<AlertEntity, 'msgType' | 'capReferences' | 'referencesAlertId' | 'onsetAt' | 'expiresAt'> & Partial<Pick<AlertEntity, 'state' | 'submittedAt'>>;

function contentOf(alert: AlertEntity): DraftContent {
  return {
    headline: alert.headline,
    event: alert.event,
    texts: alert.texts,
    renderings: alert.renderings,
    templateId: alert.templateId,
    templateVersion: alert.templateVersion,
    templateVariables: alert.templateVariables,
  };
}
