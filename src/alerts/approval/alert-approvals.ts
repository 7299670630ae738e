import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Principal } from '../../auth/roles.js';
import { BEACON_CONFIG } from '../../config/config.module.js';
import type { BeaconConfig } from '../../config/config.js';
import type { AlertEntity } from '../alert.entity.js';
import { AlertDispatcher } from '../alert-dispatcher.js';
import { AlertContent } from './alert-content.js';
import { ContentChangedError } from './approval.errors.js';
import {
  approvalsRequiredFor, approvalsRequiredOf, assertApprovalStillValid, assertNotApprovedBy, assertStatusConfirmed, type RecordedApproval,
} from './approval-rules.js';
import { ApprovalsRepository } from './approvals.repository.js';

export interface ApprovalInput {
  /** The `contentHash` of the alert view the approver reviewed. */
  contentHash: string;
  /** The alert's status, typed again by the approver. */
  confirmStatus?: string;
}

export interface ApprovalOutcome {
  /** True when the alert now has every approval it needs: its dispatch starts. */
  complete: boolean;
  contentHash: string;
  approvals: RecordedApproval[];
  approvalsRequired: number;
  /** The audience counted for this approval (null when an earlier approval had counted it). */
  audience: number | null;
}

/** What the alert view says about approval. */
export interface ApprovalState {
  contentHash: string;
  approvals: RecordedApproval[];
  approvalsRequired: number | null;
}

/**
 * The approval rules around the lifecycle: each approval bound to the hash of what goes out, the
 * status typed again, two approvals above a configured audience, voided when the content changes.
 * Every method runs inside the caller's transaction, with the alert row locked.
 */
@Injectable()
export class AlertApprovals {
  constructor(
    private readonly repository: ApprovalsRepository,
    private readonly content: AlertContent,
    private readonly dispatcher: AlertDispatcher,
    private readonly audit: AuditService,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  /** Records `actor`'s approval of the locked, pending alert, once the lifecycle rules have allowed it. */
  async approve(manager: EntityManager, actor: Principal, alert: AlertEntity, input: ApprovalInput): Promise<ApprovalOutcome> {
    assertStatusConfirmed(alert.status, input.confirmStatus);
    const contentHash = this.content.hash(alert);
    if (input.contentHash !== contentHash) throw new ContentChangedError(alert.id);
    // Earlier approvals of other content (the channels Beacon can send on changed since) approved something else.
    await this.voidApprovals(manager, actor.operatorId, alert, 'content_changed', contentHash);
    const earlier = await this.repository.list(manager, alert.id);
    assertNotApprovedBy(alert.id, earlier, actor.operatorId);
    let required = approvalsRequiredOf(earlier);
    let audience: number | null = null;
    if (required === null) {
      audience = await this.dispatcher.countAudience(manager, alert);
      required = approvalsRequiredFor(audience, this.config.approvals.twoApprovalsAbove);
    }
    const mine = await this.repository.record(manager, alert.id, { approverId: actor.operatorId, contentHash, approvalsRequired: required });
    const approvals = [...earlier, mine];
    const outcome = { complete: approvals.length >= required, contentHash, approvals, approvalsRequired: required, audience };
    if (!outcome.complete) {
      await this.audit.record(manager, {
        actor: actor.operatorId,
        action: 'alert.approval_recorded',
        subjectType: 'alert',
        subjectId: alert.id,
        data: { contentHash, confirmStatus: input.confirmStatus ?? null, approvals: approvals.length, approvalsRequired: required, audience },
      });
    }
    return outcome;
  }

  /**
   * The last check before a dispatch starts: approvals by enough distinct people other than the
   * author, each of exactly the content that would go out now. Call it wherever a dispatch starts.
   */
  async assertStillValid(manager: EntityManager, alert: AlertEntity): Promise<void> {
    assertApprovalStillValid(alert, await this.repository.list(manager, alert.id), this.content.hash(alert));
  }

  /** Voids the alert's approvals (all, or those of other content than `keepHash`), with an audit event; returns how many. */
  async voidApprovals(manager: EntityManager, actorId: string, alert: AlertEntity, reason: 'edited' | 'content_changed', keepHash?: string): Promise<number> {
    const voided = await this.repository.void(manager, alert.id, keepHash);
    if (voided.length === 0) return 0;
    await this.audit.record(manager, {
      actor: actorId,
      action: 'alert.approvals_voided',
      subjectType: 'alert',
      subjectId: alert.id,
      data: { reason, approvals: voided.map((approval) => ({ approverId: approval.approverId, contentHash: approval.contentHash, approvedAt: approval.approvedAt.toISOString() })) },
    });
    return voided.length;
  }

  /** Content hash and approvals of each alert, for the alert views. */
  async stateOf(alerts: readonly AlertEntity[], manager?: EntityManager): Promise<Map<string, ApprovalState>> {
    const approvals = await this.repository.listFor(manager, alerts.map((alert) => alert.id));
    return new Map(
      alerts.map((alert) => {
        const recorded = approvals.get(alert.id) ?? [];
        return [alert.id, { contentHash: this.content.hash(alert), approvals: recorded, approvalsRequired: approvalsRequiredOf(recorded) }];
      }),
    );
  }

  hash(alert: AlertEntity): string {
    return this.content.hash(alert);
  }
}
