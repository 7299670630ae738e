/** The alert state machine and the two-person rule, as plain rules. */
export const ALERT_STATES = ['draft', 'pending_approval', 'approved', 'dispatching', 'completed', 'rejected', 'cancelled'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export type AlertAction = 'submit' | 'approve' | 'reject' | 'cancel';

const ALLOWED: Record<AlertAction, readonly AlertState[]> = {
  submit: ['draft'],
  approve: ['pending_approval'],
  reject: ['pending_approval'],
  cancel: ['draft', 'pending_approval', 'approved', 'dispatching'],
};

const NEXT: Record<AlertAction, AlertState> = {
  submit: 'pending_approval',
  approve: 'approved',
  reject: 'rejected',
  cancel: 'cancelled',
};

export type TransitionRefusal =
  | { code: 'alert.invalid_transition'; message: string }
  | { code: 'alert.self_approval'; message: string };

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
  return { ok: true, next: NEXT[action] };
}
