/** The alert state machine and the two-person rule, as plain rules. */
export const ALERT_STATES = [
  'draft', 'pending_approval', 'approved', 'scheduled', 'dispatching', 'completed', 'rejected', 'cancelled', 'superseded', 'expired',
] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export type AlertAction = 'submit' | 'approve' | 'reject' | 'cancel' | 'edit';

const ALLOWED: Record<AlertAction, readonly AlertState[]> = {
  submit: ['draft'],
  approve: ['pending_approval'],
  reject: ['pending_approval'],
  // From dispatching or completed only when nobody was reached: otherwise see `planCancel`.
  cancel: ['draft', 'pending_approval', 'approved', 'scheduled', 'dispatching', 'completed'],
  // Editing a pending alert sends it back to draft (its approvals are voided): it is submitted again.
  edit: ['draft', 'pending_approval'],
};

const NEXT: Record<AlertAction, AlertState> = {
  submit: 'pending_approval',
  approve: 'approved',
  reject: 'rejected',
  cancel: 'cancelled',
  edit: 'draft',
};

export type TransitionRefusal =
  | { code: 'alert.invalid_transition'; message: string }
  | { code: 'alert.self_approval'; message: string }
  | { code: 'alert.not_author'; message: string };

export function transition(
  alert: { state: AlertState; createdBy: string },
  action: AlertAction,
  actorId: string,
): { ok: true; next: AlertState } | { ok: false; refusal: TransitionRefusal } {
  if (!ALLOWED[action].includes(alert.state)) {
    return { ok: false, refusal: { code: 'alert.invalid_transition', message: `Cannot ${action} an alert that is ${alert.state.replace('_', ' ')}.` } };
  }
  if ((action === 'approve' || action === 'reject') && alert.createdBy === actorId) {
    return { ok: false, refusal: { code: 'alert.self_approval', message: 'The author of an alert cannot approve or reject it: a second person must.' } };
  }
  if (action === 'edit' && alert.createdBy !== actorId) {
    // Only the author edits: an operator who could edit and then approve would be author and approver at once.
    return { ok: false, refusal: { code: 'alert.not_author', message: 'Only the author of an alert may edit it; another operator drafts a new alert.' } };
  }
  return { ok: true, next: NEXT[action] };
}

// --- Scheduling, Update and Cancel (docs/CAP.md) ---

/** States of an alert that has been (or is being) sent: the ones an Update or a Cancel message follows. */
export const SENT_STATES: readonly AlertState[] = ['dispatching', 'completed'];

export function isSent(state: AlertState): boolean {
  return SENT_STATES.includes(state);
}

/**
 * How a cancel request is carried out. Until the alert (or an earlier alert it updates) has reached
 * anyone, it is simply cancelled. Once people were reached they must be told, so a Cancel message is
 * drafted that goes through approval like any alert: a false cancel is as harmful as a false alert.
 * Either way the alert's unsent messages are stopped at once.
 */
export function planCancel(
  state: AlertState,
  reachedAnyone: boolean,
): { ok: true; plan: 'cancel_now' | 'cancel_message' } | { ok: false; refusal: TransitionRefusal } {
  if (!ALLOWED.cancel.includes(state)) {
    return { ok: false, refusal: { code: 'alert.invalid_transition', message: `Cannot cancel an alert that is ${state.replace('_', ' ')}.` } };
  }
  return { ok: true, plan: reachedAnyone && isSent(state) ? 'cancel_message' : 'cancel_now' };
}

/** At approval: an onset still ahead schedules the alert, otherwise its dispatch starts now. */
export function approvalOutcome(alert: { onsetAt: Date | null }, now: Date): 'schedule' | 'dispatch' {
  return alert.onsetAt !== null && alert.onsetAt > now ? 'schedule' : 'dispatch';
}

/** A scheduled alert at `now`: its expiry passed (never sent), its onset came (start), or it waits. */
export function scheduledOutcome(alert: { onsetAt: Date | null; expiresAt: Date | null }, now: Date): 'expire' | 'start' | 'wait' {
  if (alert.expiresAt !== null && alert.expiresAt <= now) return 'expire';
  return alert.onsetAt === null || alert.onsetAt <= now ? 'start' : 'wait';
}

/** What a dispatching Update or Cancel makes of the earlier alerts it references. */
export function followedState(msgType: 'Update' | 'Cancel'): AlertState {
  return msgType === 'Update' ? 'superseded' : 'cancelled';
}
