import { ConflictError, DomainError, InvalidInputError, NotFoundError } from '../../common/domain-error.js';

export class OptinRateLimitedError extends DomainError {
  readonly status = 429;

  constructor(scope: 'phone' | 'ip') {
    super('optin.rate_limited', `Too many opt-in requests from this ${scope === 'phone' ? 'phone number' : 'address'}; try again later.`, { scope });
  }
}

export class OptinSendFailedError extends DomainError {
  readonly status = 502;

  constructor(code: string) {
    super('optin.send_failed', 'The code could not be sent; try again later.', { providerCode: code });
  }
}

export class OptinChannelUnavailableError extends InvalidInputError {
  constructor(channel: string) {
    super('optin.channel_unavailable', `Codes cannot be sent over ${channel} here.`, { field: 'channel' });
  }
}

export class OptinWrongCodeError extends InvalidInputError {
  constructor(remaining: number) {
    super('optin.wrong_code', `The code is wrong; ${remaining} tries left.`, { remaining });
  }
}

export class OptinRefusedError extends ConflictError {
  constructor(reason: 'not_pending' | 'locked' | 'expired') {
    const messages = {
      not_pending: 'This opt-in was already confirmed.',
      locked: 'Too many wrong codes: this opt-in is locked. Start again.',
      expired: 'The code has expired. Start again.',
    };
    super(`optin.${reason}`, messages[reason]);
  }
}

/** No opt-in attempt has this id (never started, or started elsewhere). */
export class OptinNotFoundError extends NotFoundError {
  constructor(attemptId: string) {
    super('optin.not_found', 'No such opt-in: start again.', { attemptId });
  }
}
