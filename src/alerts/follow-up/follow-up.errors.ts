import { ConflictError } from '../../common/domain-error.js';

/** An Update already replaced the alert: follow up the latest message instead. */
export class AlertSupersededError extends ConflictError {
  constructor(alertId: string, supersededBy: string | undefined) {
    super('alert.superseded', `Alert ${alertId} was superseded by an Update${supersededBy ? ` (${supersededBy})` : ''}: update or cancel the latest message instead.`, {
      alertId,
      supersededBy: supersededBy ?? null,
    });
  }
}

/** Only what was sent is updated; a draft is edited or cancelled instead. */
export class NotUpdatableError extends ConflictError {
  constructor(alertId: string, state: string) {
    super('alert.not_updatable', `Alert ${alertId} is ${state.replace('_', ' ')}: only an alert that is dispatching or completed can be updated; a draft is edited, a pending one cancelled.`, {
      alertId,
      state,
    });
  }
}

/** One follow-up at a time: a second one would race the first over who is told what. */
export class FollowUpPendingError extends ConflictError {
  constructor(alertId: string, followUp: { id: string; msgType: string }) {
    super(
      'alert.follow_up_pending',
      `Alert ${alertId} already has a ${followUp.msgType} (${followUp.id}) that has not been sent: approve, reject or cancel it first.`,
      { alertId, followUpId: followUp.id, msgType: followUp.msgType },
    );
  }
}

/** A sent Cancel is the end of its chain: nothing follows it. */
export class CancelIsFinalError extends ConflictError {
  constructor(alertId: string) {
    super('alert.cancel_final', `Alert ${alertId} is a Cancel that has been sent: it cannot be updated or cancelled; draft a new alert instead.`, { alertId });
  }
}
