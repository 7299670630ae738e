import { ConflictError, ForbiddenError, InvalidInputError } from '../../common/domain-error.js';

/** The approver reviewed other content than what would go out now. */
export class ContentChangedError extends ConflictError {
  constructor(alertId: string) {
    super('alert.content_changed', 'What this alert would send has changed since it was reviewed: read the alert again (GET) and approve its current content hash.', { alertId });
  }
}

/** An Actual alert must be typed as Actual a second time, by the approver; any alert's status must be confirmed. */
export class StatusNotConfirmedError extends InvalidInputError {
  constructor(status: string, confirmStatus: string | undefined) {
    super(
      'alert.status_not_confirmed',
      status === 'Actual'
        ? 'This is a LIVE alert (status Actual): approving it needs confirmStatus "Actual", typed again.'
        : `This alert's status is ${status}: approving it needs confirmStatus "${status}".`,
      { status, confirmStatus: confirmStatus ?? null },
    );
  }
}

/** An Exercise or Test alert never becomes Actual: draft a new live alert instead. */
export class StatusImmutableError extends ConflictError {
  constructor(from: string, to: string) {
    super('alert.status_immutable', `An ${from} alert cannot become ${to}: draft a new alert with status ${to} instead.`, { from, to });
  }
}

export class AlreadyApprovedError extends ConflictError {
  constructor(alertId: string) {
    super('alert.already_approved', 'You have already approved this alert: a different approver must give the second approval.', { alertId });
  }
}

/** Dispatch was about to start with fewer valid approvals than the alert needs. */
export class NotApprovedError extends ConflictError {
  constructor(alertId: string, approvals: number, required: number) {
    super('alert.not_approved', `This alert has ${approvals} valid approval(s) of the ${required} it needs.`, { alertId, approvals, required });
  }
}

export class AuthorApprovalError extends ForbiddenError {
  constructor() {
    super('alert.self_approval', 'The author of an alert cannot approve it: a second person must.');
  }
}

export class NotAuthorError extends ForbiddenError {
  constructor() {
    super('alert.not_author', 'Only the author of an alert may edit it; another operator drafts a new alert.');
  }
}

export class ImportedAlertNotEditableError extends ConflictError {
  constructor() {
    super('alert.not_editable', 'An alert imported from CAP is its sender\'s message and is not edited here: reject it, or ask the sender for a CAP Update.');
  }
}
