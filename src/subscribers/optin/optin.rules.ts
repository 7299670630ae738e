import { createHash, timingSafeEqual } from 'node:crypto';

export const OPTIN_CODE_DIGITS = 6;
export const OPTIN_CODE_TTL_MS = 15 * 60_000;
/** The fifth wrong code locks the attempt; the citizen must start again (and meet the rate limit). */
export const OPTIN_MAX_WRONG_CODES = 5;
export const OPTIN_WINDOW_MS = 60 * 60_000;
/** Codes sent per phone number, and per client address, within OPTIN_WINDOW_MS. */
export const OPTIN_MAX_PER_PHONE = 3;
export const OPTIN_MAX_PER_IP = 20;

/** A one-time code from a uniform random integer source (crypto.randomInt in production). */
export function newCode(randomInt: (max: number) => number): string {
  return String(randomInt(10 ** OPTIN_CODE_DIGITS)).padStart(OPTIN_CODE_DIGITS, '0');
}

/** Codes are stored hashed, bound to their attempt so a hash is worth nothing elsewhere. */
export function hashCode(attemptId: string, code: string): Buffer {
  return createHash('sha256').update(`${attemptId}:${code}`).digest();
}

export function codeMatches(attemptId: string, code: string, stored: Buffer): boolean {
  const given = hashCode(attemptId, code);
  return given.length === stored.length && timingSafeEqual(given, stored);
}

export type ConfirmStep =
  | { kind: 'confirm' }
  | { kind: 'refuse'; reason: 'not_pending' | 'locked' | 'expired' }
  | { kind: 'wrong'; wrongCodes: number; locked: boolean };

/** What one confirmation attempt does, given the attempt's state and whether the code matched. */
export function confirmStep(attempt: { state: string; wrongCodes: number; expiresAt: Date }, matches: boolean, now: Date): ConfirmStep {
  if (attempt.state === 'locked') return { kind: 'refuse', reason: 'locked' };
  if (attempt.state !== 'pending') return { kind: 'refuse', reason: 'not_pending' };
  if (attempt.expiresAt.getTime() <= now.getTime()) return { kind: 'refuse', reason: 'expired' };
  if (matches) return { kind: 'confirm' };
  const wrongCodes = attempt.wrongCodes + 1;
  return { kind: 'wrong', wrongCodes, locked: wrongCodes >= OPTIN_MAX_WRONG_CODES };
}

/** The message carrying the code; the wording version is the one the citizen agrees to by confirming. */
export function codeMessage(code: string): string {
  return `Your Beacon code is ${code}. Enter it to receive emergency alerts. Reply STOP at any time to leave. It expires in 15 minutes.`;
}
