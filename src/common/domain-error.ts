/**
 * Base of every module's typed error. `status` is the HTTP status the global filter answers with;
 * `code` is machine-readable and stable (documented in docs/ERRORS.md).
 */
export abstract class DomainError extends Error {
  abstract readonly status: number;

  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly status = 404;
}

export class ConflictError extends DomainError {
  readonly status = 409;
}

export class ForbiddenError extends DomainError {
  readonly status = 403;
}

export class UnauthorizedError extends DomainError {
  readonly status = 401;
}

export class InvalidInputError extends DomainError {
  readonly status = 400;
}
