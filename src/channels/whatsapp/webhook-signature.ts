import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER_FORMAT = /^sha256=([0-9a-f]{64})$/i;

/**
 * The `X-Hub-Signature-256` scheme of Meta webhooks: `sha256=` + hex HMAC-SHA256 of the exact
 * raw body, keyed with the app secret. The simulator signs with it; receipts verify with it.
 */
export class WebhookSignature {
  constructor(private readonly appSecret: string) {}

  sign(rawBody: Buffer | string): string {
    return `sha256=${this.digest(rawBody).toString('hex')}`;
  }

  /** Constant-time check of a header value against the body; false for anything malformed. */
  verify(rawBody: Buffer | undefined, header: string | undefined): boolean {
    if (rawBody === undefined || header === undefined) return false;
    const match = HEADER_FORMAT.exec(header.trim());
    if (!match) return false;
    const given = Buffer.from(match[1]!, 'hex');
    const expected = this.digest(rawBody);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private digest(rawBody: Buffer | string): Buffer {
    return createHmac('sha256', this.appSecret).update(rawBody).digest();
  }
}
