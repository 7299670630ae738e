import { createHash, randomBytes } from 'node:crypto';

/** Keys are 256 random bits, so one SHA-256 at rest is enough: there is nothing to brute-force. */
export function generateApiKey(): string {
  return `bk_${randomBytes(32).toString('base64url')}`;
}

export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The part of a key safe to show and log, to tell keys apart. */
export function keyPrefix(key: string): string {
  return key.slice(0, 10);
}
