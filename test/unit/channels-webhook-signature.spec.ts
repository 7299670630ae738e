import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WebhookSignature } from '../../src/channels/whatsapp/webhook-signature.js';

const SECRET = 'app-secret';
const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
const signature = new WebhookSignature(SECRET);

describe('WebhookSignature', () => {
  it('signs as Meta does: sha256= and the hex HMAC-SHA256 of the raw body', () => {
    expect(signature.sign(body)).toBe(expected);
    expect(signature.sign(body.toString('utf8'))).toBe(expected);
  });

  it('accepts the right signature, in either hex case', () => {
    expect(signature.verify(body, expected)).toBe(true);
    expect(signature.verify(body, expected.toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
  });

  it('refuses a wrong signature', () => {
    const flipped = expected.slice(0, -1) + (expected.endsWith('0') ? '1' : '0');
    expect(signature.verify(body, flipped)).toBe(false);
    expect(new WebhookSignature('other-secret').verify(body, expected)).toBe(false);
  });

  it('refuses a missing header or body', () => {
    expect(signature.verify(body, undefined)).toBe(false);
    expect(signature.verify(undefined, expected)).toBe(false);
    expect(signature.verify(body, '')).toBe(false);
  });

  it('refuses a signature of the wrong length or format', () => {
    expect(signature.verify(body, expected.slice(0, -2))).toBe(false);
    expect(signature.verify(body, `${expected}00`)).toBe(false);
    expect(signature.verify(body, `${expected}zz`)).toBe(false);
    expect(signature.verify(body, expected.replace('sha256=', 'sha1='))).toBe(false);
    expect(signature.verify(body, expected.replace('sha256=', ''))).toBe(false);
  });

  it('refuses the signature of a different body (one byte, or re-serialised JSON)', () => {
    expect(signature.verify(Buffer.from(body.toString().replace('[]', '[ ]')), expected)).toBe(false);
    expect(signature.verify(Buffer.from(JSON.stringify(JSON.parse(body.toString()), null, 1)), expected)).toBe(false);
  });
});
