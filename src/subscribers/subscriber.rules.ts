import { InvalidInputError } from '../common/domain-error.js';

/** Channels in the order a subscriber prefers them; the first one Beacon can send on is used. */
export const CHANNELS = ['whatsapp', 'sms', 'email', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

export const SUBSCRIBER_STATUSES = ['active', 'stopped', 'erased'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

export const E164 = /^\+[1-9]\d{7,14}$/;
export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
/** Tags are short lower-case labels such as `needs-assistance`. */
export const TAG = /^[a-z0-9][a-z0-9_-]{0,39}$/;
export const MAX_TAGS = 20;
export const MAX_LOCATIONS = 10;
export const MAX_REGIONS = 50;
/** RFC 5321's limit on a forward path. */
export const MAX_EMAIL_LENGTH = 254;

/** A little clock skew is tolerated; consent recorded in the future is not. */
const CONSENT_SKEW_MS = 5 * 60_000;

export function checkConsentTime(at: Date, now: Date): void {
  if (at.getTime() > now.getTime() + CONSENT_SKEW_MS) {
    throw new InvalidInputError('subscriber.consent_in_future', 'consent.at lies in the future.', { field: 'consent.at' });
  }
}

export type OptOutChange = 'stop' | 'start';

/**
 * What STOP / START do to a subscriber in a given status: `apply` changes it, `noop` leaves it (STOP
 * twice is harmless), `refuse` is an error (an erased subscriber cannot come back: their contact
 * data is gone).
 */
export function optOutStep(status: SubscriberStatus, change: OptOutChange): 'apply' | 'noop' | 'refuse' {
  if (status === 'erased') return 'refuse';
  if (change === 'stop') return status === 'stopped' ? 'noop' : 'apply';
  return status === 'active' ? 'noop' : 'apply';
}

/** What replaces the contact data of an erased subscriber's past deliveries. */
export const ERASED_RECIPIENT = 'erased';

/** PostgreSQL point literal: x = longitude, y = latitude. */
export function pointLiteral(lat: number, lon: number): string {
  return `(${lon},${lat})`;
}

export function parsePoint(literal: string | { x: number; y: number }): { lat: number; lon: number } {
  if (typeof literal !== 'string') return { lon: literal.x, lat: literal.y };
  const [lon, lat] = literal.replace(/[()]/g, '').split(',').map(Number);
  return { lat: lat!, lon: lon! };
}

/** A subscriber nobody could ever reach by area is refused: they need a location or a followed region. */
export function checkReachable(locations: number, regions: number): void {
  if (locations + regions === 0) {
    throw new InvalidInputError('subscriber.no_location', 'Give at least one location or one followed region.', { field: 'locations' });
  }
}

/** A subscriber nobody could contact is refused: they need a phone number or an email address. */
export function checkContact(phone: string | null | undefined, email: string | null | undefined): void {
  if (!phone && !email) {
    throw new InvalidInputError('subscriber.no_contact', 'Give a phone number or an email address.', { field: 'phone' });
  }
}

/**
 * An email address as Beacon stores it: trimmed, the domain in lower case (domains are
 * case-insensitive; the local part, strictly, is not, so it is kept as given).
 */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  return at < 0 ? trimmed : `${trimmed.slice(0, at)}@${trimmed.slice(at + 1).toLowerCase()}`;
}
