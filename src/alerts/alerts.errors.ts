import { ConflictError, ForbiddenError, NotFoundError } from '../common/domain-error.js';
import type { TransitionRefusal } from './alert-lifecycle.js';

export class AlertNotFoundError extends NotFoundError {
  constructor(id: string) {
    super('alert.not_found', `No alert ${id}.`);
  }
}

export function refusalError(refusal: TransitionRefusal): Error {
  switch (refusal.code) {
    case 'alert.self_approval':
      return new SelfApprovalError(refusal.message);
    case 'alert.invalid_transition':
      return new InvalidTransitionError(refusal.message);
  }
}

class SelfApprovalError extends ForbiddenError {
  constructor(message: string) {
    super('alert.self_approval', message);
  }
}

class InvalidTransitionError extends ConflictError {
  constructor(message: string) {
    super('alert.invalid_transition', message);
  }
}
