import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DispatchService } from '../dispatch/dispatch.service.js';
import type { AlertEntity } from './alert.entity.js';
import { approvalOutcome, followedState, SENT_STATES, type AlertState } from './alert-lifecycle.js';
import { AlertDispatcher } from './alert-dispatcher.js';
import { AlertsRepository } from './alerts.repository.js';
import { assertDispatchable } from './cap/dispatch-guards.js';
import { FollowUpRepository } from './follow-up/follow-up.repository.js';

export type LaunchResult =
  | { kind: 'scheduled'; onsetAt: Date }
  | { kind: 'dispatching'; runId: string; targeted: number; abortedRunIds: string[] };

/**
 * Starts what an approval allows, inside the transaction that completed the approval (or, for a
 * scheduled alert, the scheduler's): the dispatch now, or at the alert's onset. The dispatch of an
 * Update or Cancel also stops what the earlier alerts still had queued and marks them superseded or
 * cancelled. Call `afterCommit` once the transaction has committed.
 */
@Injectable()
export class AlertLauncher {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly followUps: FollowUpRepository,
    private readonly dispatcher: AlertDispatcher,
    private readonly dispatch: DispatchService,
    private readonly audit: AuditService,
  ) {}

  /** After the approval that completes it: schedules the alert when its onset is ahead, else starts it. */
  async launchApproved(manager: EntityManager, actorId: string, alert: AlertEntity, now: Date, auditData: Record<string, unknown> = {}): Promise<LaunchResult> {
    assertDispatchable(alert, now);
    if (approvalOutcome(alert, now) === 'dispatch') return this.start(manager, actorId, alert, now, auditData);
    const onsetAt = alert.onsetAt!;
    await this.alerts.update(manager, alert.id, { state: 'scheduled' });
    await this.record(manager, actorId, 'alert.scheduled', alert.id, { from: alert.state, to: 'scheduled', onset: onsetAt.toISOString(), expiresAt: alert.expiresAt?.toISOString() ?? null, ...auditData });
    return { kind: 'scheduled', onsetAt };
  }

  /** Freezes the audience and starts the dispatch; the caller has checked the approvals. */
  async start(manager: EntityManager, actorId: string, alert: AlertEntity, now: Date, auditData: Record<string, unknown> = {}): Promise<LaunchResult> {
    assertDispatchable(alert, now);
    const earlier = alert.referencesAlertId ? await this.followUps.chain(manager, alert.referencesAlertId) : [];
    // What the earlier alerts still had queued is not sent: the Update (or Cancel) replaces it.
    const abortedRunIds: string[] = [];
    for (const { dispatchRunId } of earlier) {
      const state = dispatchRunId ? await this.dispatch.runState(dispatchRunId) : undefined;
      if (dispatchRunId && (state === 'running' || state === 'paused')) {
        await this.dispatch.abortRun(manager, dispatchRunId);
        abortedRunIds.push(dispatchRunId);
      }
    }
    const { runId, targeted } = await this.dispatcher.start(manager, alert);
    await this.alerts.update(manager, alert.id, { state: 'dispatching', dispatchRunId: runId });
    const follows = earlier.length > 0 ? { follows: earlier.map((link) => link.id) } : {};
    await this.record(manager, actorId, 'alert.dispatch_started', alert.id, { runId, targeted, ...follows, ...auditData });
    if (alert.msgType === 'Update' || alert.msgType === 'Cancel') await this.markFollowed(manager, actorId, alert, earlier.map((link) => link.id));
    return { kind: 'dispatching', runId, targeted, abortedRunIds };
  }

  async afterCommit(result: LaunchResult): Promise<void> {
    if (result.kind !== 'dispatching') return;
    this.dispatch.notifyWork();
    for (const runId of result.abortedRunIds) await this.dispatch.announceAborted(runId);
  }

  private async markFollowed(manager: EntityManager, actorId: string, alert: AlertEntity, ids: readonly string[]): Promise<void> {
    const to = followedState(alert.msgType as 'Update' | 'Cancel');
    const from: AlertState[] = to === 'cancelled' ? [...SENT_STATES, 'superseded'] : [...SENT_STATES];
    for (const moved of await this.followUps.moveStates(manager, ids, from, to)) {
      await this.record(manager, actorId, `alert.${to}`, moved.id, { from: moved.from, to, by: alert.id, msgType: alert.msgType });
    }
  }

  private record(manager: EntityManager, actor: string, action: string, alertId: string, data: Record<string, unknown>): Promise<unknown> {
    return this.audit.record(manager, { actor, action, subjectType: 'alert', subjectId: alertId, data });
  }
}
