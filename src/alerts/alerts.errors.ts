import { ConflictError, ForbiddenError, NotFoundError } from '../common/domain-error.js';
import type { TransitionRefusal } from './alert-lifecycle.js';
import { NotAuthorError } from './approval/approval.errors.js';

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
    case 'alert.not_author':
      return new NotAuthorError();
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

/** A restricted operator's alert reaches outside the library areas the operator may target. */
export class AreaNotPermittedError extends ForbiddenError {
  constructor(allowed: readonly { id: string; name: string }[], outside: { point: [number, number]; found: string; part: string }) {
    const names = allowed.length > 0 ? allowed.map((area) => area.name).join(', ') : 'none (the allowed areas are no longer in the library)';
    super(
      'alert.area_not_permitted',
      `The alert's area (${outside.part}) reaches outside the areas you may alert: ${names}. It leaves them at [${outside.point.join(', ')}].`,
      { allowedAreas: allowed, outsidePoint: outside.point, found: outside.found, part: outside.part },
    );
  }
}
