import {
  AlreadyApprovedError, AuthorApprovalError, ContentChangedError, NotApprovedError, StatusImmutableError, StatusNotConfirmedError,
} from './approval.errors.js';

/** One approval as stored: who approved which content hash, and how many approvals the alert needed then. */
export interface RecordedApproval {
  approverId: string;
  contentHash: string;
  approvedAt: Date;
  approvalsRequired: number;
}

/** Two approvals when the audience counted at approval is larger than the threshold, else one. */
export function approvalsRequiredFor(audience: number, twoApprovalsAbove: number): 1 | 2 {
  return audience > twoApprovalsAbove ? 2 : 1;
}

/** The approvals an alert needs, as its recorded approvals say (1 when none is recorded yet). */
export function approvalsRequiredOf(approvals: readonly Pick<RecordedApproval, 'approvalsRequired'>[]): number | null {
  return approvals.length === 0 ? null : Math.max(...approvals.map((approval) => approval.approvalsRequired));
}

/** The approver types the alert's status again; for a live (Actual) alert this is the second typing of "Actual". */
export function assertStatusConfirmed(status: string, confirmStatus: string | undefined): void {
  if (confirmStatus !== status) throw new StatusNotConfirmedError(status, confirmStatus);
}

/**
 * Exercise and Test alerts never turn into Actual ones, by an edit or by a CAP Update: a drill that can
 * become live is how a drill reaches everyone. Every other change of status is allowed.
 */
export function assertStatusChangeAllowed(from: string, to: string): void {
  if (from !== 'Actual' && to === 'Actual') throw new StatusImmutableError(from, to);
}

/** The approvals recorded for other content than `currentHash`: they approved something else. */
export function staleApprovals<T extends Pick<RecordedApproval, 'contentHash'>>(approvals: readonly T[], currentHash: string): T[] {
  return approvals.filter((approval) => approval.contentHash !== currentHash);
}

/** Refuses an approval by someone who already approved this content. */
export function assertNotApprovedBy(alertId: string, approvals: readonly Pick<RecordedApproval, 'approverId'>[], approverId: string): void {
  if (approvals.some((approval) => approval.approverId === approverId)) throw new AlreadyApprovedError(alertId);
}

/**
 * The last check before a dispatch starts (at approval, or later at a scheduled start): enough
 * approvals, by distinct people who are not the author, each of exactly the content that would go out now.
 */
export function assertApprovalStillValid(
  alert: { id: string; createdBy: string },
  approvals: readonly Pick<RecordedApproval, 'approverId' | 'contentHash' | 'approvalsRequired'>[],
  currentHash: string,
): void {
  if (approvals.some((approval) => approval.approverId === alert.createdBy)) throw new AuthorApprovalError();
  if (staleApprovals(approvals, currentHash).length > 0) throw new ContentChangedError(alert.id);
  const approvers = new Set(approvals.map((approval) => approval.approverId)).size;
  const required = approvalsRequiredOf(approvals) ?? 1;
  if (approvers < required) throw new NotApprovedError(alert.id, approvers, required);
}
