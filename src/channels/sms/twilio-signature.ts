import { createHmac, timingSafeEqual } from 'node:crypto';

export type FormParams = Record<string, string | readonly string[] | undefined>;

/**
 * Twilio's `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the auth token, of the full URL
 * Twilio called followed by every POST parameter name and value, sorted by name. The SMS
 * simulator signs with it; receipts verify with it, in constant time.
 */
export class TwilioSignature {
  constructor(private readonly authToken: string) {}

  sign(url: string, params: FormParams): string {
    return this.digest(url, params).toString('base64');
  }

  verify(url: string, params: FormParams, header: string | undefined): boolean {
    if (header === undefined || !/^[A-Za-z0-9+/]{27}=$/.test(header.trim())) return false;
    const given = Buffer.from(header.trim(), 'base64');
    const expected = this.digest(url, params);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private digest(url: string, params: FormParams): Buffer {
    const hmac = createHmac('sha1', this.authToken).update(url, 'utf8');
    for (const name of Object.keys(params).sort()) {
      const value = params[name];
      const values = value === undefined ? [] : typeof value === 'string' ? [value] : [...value].sort();
      for (const item of values) hmac.update(name + item, 'utf8');
    }
    return hmac.digest();
  }
}

export const TWILIO_SIGNATURE_HEADER = 'x-twilio-signature';
