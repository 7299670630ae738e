import { InvalidInputError } from '../common/domain-error.js';

export const MAX_KEY_LIFETIME_DAYS = 3650;

/** When a key issued at `now` with a lifetime of `days` stops working; null = no expiry. */
export function keyExpiry(now: Date, days: number | undefined): Date | null {
  if (days === undefined) return null;
  if (!Number.isInteger(days) || days < 1 || days > MAX_KEY_LIFETIME_DAYS) {
    throw new InvalidInputError('operator.invalid_key_lifetime', `keyExpiresInDays must be a whole number from 1 to ${MAX_KEY_LIFETIME_DAYS}.`);
  }
  return new Date(now.getTime() + days * 86_400_000);
}
