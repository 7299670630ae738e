import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Beacon-Signature';
export const TIMESTAMP_HEADER = 'X-Beacon-Timestamp';
export const DELIVERY_HEADER = 'X-Beacon-Delivery';

const SIGNATURE_FORMAT = /^sha256=([0-9a-f]{64})$/i;
const TIMESTAMP_FORMAT = /^\d{1,12}$/;

/**
 * The signature of a partner webhook: `sha256=` + hex HMAC-SHA256, keyed with the partner's secret,
 * of `<timestamp>.<body>` where the timestamp is the `X-Beacon-Timestamp` header (unix seconds).
 * Covering the timestamp lets the partner refuse an old request replayed later.
 */
export function signPartnerPayload(secret: string, timestamp: string, body: string | Buffer): string {
  return `sha256=${digest(secret, timestamp, body).toString('hex')}`;
}

export type PartnerSignatureCheck = { valid: true } | { valid: false; reason: 'malformed' | 'stale' | 'bad_signature' };

/**
 * What a partner runs on each request (exported for them and for tests): the timestamp must be
 * within `windowSeconds` of `now` (either way: a clock may be ahead), and the signature must match
 * the exact raw body, compared in constant time.
 */
export function verifyPartnerSignature(
  secret: string,
  timestamp: string | undefined,
  body: string | Buffer,
  signature: string | undefined,
  now: Date = new Date(),
  windowSeconds = 300,
): PartnerSignatureCheck {
  if (timestamp === undefined || signature === undefined || !TIMESTAMP_FORMAT.test(timestamp.trim())) return { valid: false, reason: 'malformed' };
  const match = SIGNATURE_FORMAT.exec(signature.trim());
  if (!match) return { valid: false, reason: 'malformed' };
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp.trim())) > windowSeconds) return { valid: false, reason: 'stale' };
  const given = Buffer.from(match[1]!, 'hex');
  const expected = digest(secret, timestamp.trim(), body);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { valid: true } : { valid: false, reason: 'bad_signature' };
}

function digest(secret: string, timestamp: string, body: string | Buffer): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest();
}
