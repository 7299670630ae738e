import { InvalidInputError } from '../../common/domain-error.js';
import { normalizeCapTime } from '../cap/cap-time.js';

export interface AlertSchedule {
  onsetAt: Date | null;
  expiresAt: Date | null;
}

/** `onset` and `expires` of a JSON draft: date-times with a UTC offset, the onset before the expiry. */
export function readSchedule(input: { onset?: string; expires?: string }, fallback: AlertSchedule = { onsetAt: null, expiresAt: null }): AlertSchedule {
  const onsetAt = input.onset === undefined ? fallback.onsetAt : instant(input.onset, 'onset');
  const expiresAt = input.expires === undefined ? fallback.expiresAt : instant(input.expires, 'expires');
  if (onsetAt && expiresAt && onsetAt >= expiresAt) {
    throw new InvalidInputError('alert.invalid_schedule', `onset (${onsetAt.toISOString()}) must come before expires (${expiresAt.toISOString()}): the alert could never be sent.`, {
      onset: onsetAt.toISOString(),
      expires: expiresAt.toISOString(),
    });
  }
  return { onsetAt, expiresAt };
}

function instant(value: string, field: string): Date {
  const normalized = normalizeCapTime(value);
  if (normalized === undefined) {
    throw new InvalidInputError('alert.invalid_time', `${field} must be a date-time with its UTC offset, such as 2026-11-25T18:00:00-06:00 or 2026-11-26T00:00:00Z.`, { field });
  }
  return new Date(normalized);
}

/** The earliest `onset` of a CAP message's infos (null when none has one). */
export function earliestOnset(onsets: readonly (string | undefined)[]): Date | null {
  const times = onsets.filter((onset): onset is string => onset !== undefined).map((onset) => Date.parse(onset));
  return times.length === 0 ? null : new Date(Math.min(...times));
}
