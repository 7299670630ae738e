import { DomainError } from '../common/domain-error.js';

export type ReceiptsErrorCode = 'webhook.verify_token_mismatch' | 'webhook.missing_challenge' | 'webhook.invalid_signature' | 'webhook.malformed_payload';

export class ReceiptsError extends DomainError {
  readonly status: number;

  constructor(code: ReceiptsErrorCode, message: string) {
    super(code, message);
    this.status = statusOf(code);
  }
}

function statusOf(code: ReceiptsErrorCode): number {
  switch (code) {
    case 'webhook.verify_token_mismatch':
      return 403;
    case 'webhook.missing_challenge':
    case 'webhook.malformed_payload':
      return 400;
    case 'webhook.invalid_signature':
      return 401;
  }
}
