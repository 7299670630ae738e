import { ForbiddenError, UnauthorizedError } from '../common/domain-error.js';

export class MissingKeyError extends UnauthorizedError {
  constructor() {
    super('auth.missing_key', 'Send an API key as "Authorization: Bearer <key>".');
  }
}

export class InvalidKeyError extends UnauthorizedError {
  constructor() {
    super('auth.invalid_key', 'The API key is unknown, disabled or malformed.');
  }
}

export class RoleRequiredError extends ForbiddenError {
  constructor(required: readonly string[]) {
    super('auth.role_required', `This action needs one of the roles: ${required.join(', ')}.`, { required });
  }
}

export class UndeclaredAccessError extends ForbiddenError {
  constructor(route: string) {
    super('auth.access_undeclared', `The route ${route} declares no access rule and is refused.`);
  }
}
