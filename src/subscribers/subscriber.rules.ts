import { InvalidInputError } from '../common/domain-error.js';

/** Channels in the order a subscriber prefers them; the first one Beacon can send on is used. */
export const CHANNELS = ['whatsapp', 'sms', 'email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A little clock skew is tolerated; consent recorded in the future is not. */
const CONSENT_SKEW_MS = 5 * 60_000;

export function checkConsentTime(at: Date, now: Date): void {
  if (at.getTime() > now.getTime() + CONSENT_SKEW_MS) {
    throw new InvalidInputError('subscriber.consent_in_future', 'consent.at lies in the future.', { field: 'consent.at' });
  }
}

/** PostgreSQL point literal: x = longitude, y = latitude. */
export function pointLiteral(lat: number, lon: number): string {
  return `(${lon},${lat})`;
}

export function parsePoint(literal: string | { x: number; y: number }): { lat: number; lon: number } {
  if (typeof literal !== 'string') return { lon: literal.x, lat: literal.y };
  const [lon, lat] = literal.replace(/[()]/g, '').split(',').map(Number);
  return { lat: lat!, lon: lon! };
}
