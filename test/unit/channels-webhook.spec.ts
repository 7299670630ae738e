import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/channels/channel.js';
import { signPartnerPayload, verifyPartnerSignature } from '../../src/channels/webhook/partner-signature.js';
import { WebhookAdapter } from '../../src/channels/webhook/webhook.adapter.js';
import { WebhookPayloads, type WebhookPayload } from '../../src/channels/webhook/webhook-payloads.js';
import { interpretWebhookReply, parseRetryAfter } from '../../src/channels/webhook/webhook-reply.js';

const SECRET = 'whsec_test_secret_0123456789';
const NOW = new Date('2026-12-01T12:00:00Z');
const TS = String(NOW.getTime() / 1000);
const BODY = '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">…</alert>';

describe('partner signatures', () => {
  it('is sha256= + hex HMAC-SHA256(secret, timestamp + "." + body)', () => {
    const expected = createHmac('sha256', SECRET).update(`${TS}.${BODY}`).digest('hex');
    expect(signPartnerPayload(SECRET, TS, BODY)).toBe(`sha256=${expected}`);
  });

  it('verifies a fresh, untouched request', () => {
    expect(verifyPartnerSignature(SECRET, TS, BODY, signPartnerPayload(SECRET, TS, BODY), NOW)).toEqual({ valid: true });
    expect(verifyPartnerSignature(SECRET, TS, Buffer.from(BODY), signPartnerPayload(SECRET, TS, BODY), NOW)).toEqual({ valid: true });
  });

  it('accepts a timestamp at the edge of the replay window, either way, and refuses one past it', () => {
    const at = (offsetSeconds: number) => String(NOW.getTime() / 1000 + offsetSeconds);
    for (const offset of [-300, 300]) expect(verifyPartnerSignature(SECRET, at(offset), BODY, signPartnerPayload(SECRET, at(offset), BODY), NOW).valid).toBe(true);
    for (const offset of [-301, 301]) expect(verifyPartnerSignature(SECRET, at(offset), BODY, signPartnerPayload(SECRET, at(offset), BODY), NOW)).toEqual({ valid: false, reason: 'stale' });
    expect(verifyPartnerSignature(SECRET, at(-900), BODY, signPartnerPayload(SECRET, at(-900), BODY), NOW, 1000).valid).toBe(true);
  });

  it('refuses a replay: a recorded request sent again after the window', () => {
    const recorded = { timestamp: TS, signature: signPartnerPayload(SECRET, TS, BODY) };
    const later = new Date(NOW.getTime() + 10 * 60_000);
    expect(verifyPartnerSignature(SECRET, recorded.timestamp, BODY, recorded.signature, later)).toEqual({ valid: false, reason: 'stale' });
  });

  it('refuses a tampered body, a tampered timestamp, a wrong secret', () => {
    const signature = signPartnerPayload(SECRET, TS, BODY);
    expect(verifyPartnerSignature(SECRET, TS, BODY.replace('…', '!'), signature, NOW)).toEqual({ valid: false, reason: 'bad_signature' });
    expect(verifyPartnerSignature(SECRET, String(Number(TS) + 1), BODY, signature, NOW)).toEqual({ valid: false, reason: 'bad_signature' });
    expect(verifyPartnerSignature('another_secret_0123456789', TS, BODY, signature, NOW)).toEqual({ valid: false, reason: 'bad_signature' });
  });

  it.each([
    ['no signature', TS, undefined],
    ['no timestamp', undefined, 'sha256=' + '0'.repeat(64)],
    ['a timestamp that is not unix seconds', '2026-12-01T12:00:00Z', 'sha256=' + '0'.repeat(64)],
    ['another scheme', TS, 'sha1=' + '0'.repeat(40)],
    ['a short digest', TS, 'sha256=abcd'],
  ])('refuses %s as malformed', (_name, timestamp, signature) => {
    expect(verifyPartnerSignature(SECRET, timestamp, BODY, signature, NOW)).toEqual({ valid: false, reason: 'malformed' });
  });
});

describe('partner answers', () => {
  const now = NOW.getTime();
  it.each([
    [200, null, { kind: 'accepted', providerMessageId: '42' }],
    [202, null, { kind: 'accepted', providerMessageId: '42' }],
    [204, null, { kind: 'accepted', providerMessageId: '42' }],
    [503, null, { kind: 'retryable', code: 'webhook_503', rateLimited: false }],
    [503, '7', { kind: 'retryable', code: 'webhook_503', rateLimited: false, retryAfterMs: 7000 }],
    [500, null, { kind: 'retryable', code: 'webhook_500', rateLimited: false }],
    [408, null, { kind: 'retryable', code: 'webhook_408', rateLimited: false }],
    [429, '30', { kind: 'retryable', code: 'webhook_429', rateLimited: true, perRecipient: true, retryAfterMs: 30_000 }],
    [400, null, { kind: 'permanent', code: 'webhook_400' }],
    [401, null, { kind: 'permanent', code: 'webhook_401' }],
    [404, null, { kind: 'permanent', code: 'webhook_404' }],
    [410, null, { kind: 'permanent', code: 'webhook_410' }],
    [301, null, { kind: 'permanent', code: 'webhook_301' }],
  ])('HTTP %i (Retry-After %s)', (status, retryAfter, expected) => {
    const outcome = interpretWebhookReply(status, retryAfter, '42', now);
    expect(outcome).toMatchObject(expected);
    if (!('retryAfterMs' in expected)) expect(outcome).not.toHaveProperty('retryAfterMs');
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
    expect(parseRetryAfter(new Date(now - 90_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('WebhookAdapter', () => {
  const message: OutboundMessage = { deliveryId: '99', senderId: 'webhook', recipient: 'https://partner.example.test/cap', language: 'en', text: 'ignored' };
  class FixedPayloads extends WebhookPayloads {
    constructor(private readonly payload: WebhookPayload | undefined) {
      super();
    }
    forDelivery(): Promise<WebhookPayload | undefined> {
      return Promise.resolve(this.payload);
    }
  }
  const payload: WebhookPayload = { body: BODY, contentType: 'application/cap+xml; charset=utf-8', secret: SECRET };

  it('posts the body with a timestamp, a signature the partner can verify and the delivery id', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = ((url: string, init: RequestInit) => {
      calls.push({ url, init });
      return Promise.resolve(new Response(null, { status: 202 }));
    }) as unknown as typeof fetch;
    const adapter = new WebhookAdapter(new FixedPayloads(payload), 1000, fakeFetch, () => NOW.getTime());
    expect(await adapter.send(message)).toEqual({ kind: 'accepted', providerMessageId: '99' });
    const [call] = calls;
    expect(call!.url).toBe('https://partner.example.test/cap');
    expect(call!.init).toMatchObject({ method: 'POST', body: BODY, redirect: 'manual' });
    const headers = call!.init.headers as Record<string, string>;
    expect(headers['X-Beacon-Timestamp']).toBe(TS);
    expect(headers['X-Beacon-Delivery']).toBe('99');
    expect(headers['content-type']).toBe('application/cap+xml; charset=utf-8');
    expect(verifyPartnerSignature(SECRET, headers['X-Beacon-Timestamp'], BODY, headers['X-Beacon-Signature'], NOW)).toEqual({ valid: true });
  });

  it('a disabled partner (no payload): permanent, nothing posted', async () => {
    const fakeFetch = (() => Promise.reject(new Error('must not be called'))) as unknown as typeof fetch;
    const adapter = new WebhookAdapter(new FixedPayloads(undefined), 1000, fakeFetch);
    expect(await adapter.send(message)).toMatchObject({ kind: 'permanent', code: 'webhook_partner_inactive' });
  });

  it('a timeout after sending: unknown; a refused connection: retryable', async () => {
    const timeout = (() => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError'))) as unknown as typeof fetch;
    expect(await new WebhookAdapter(new FixedPayloads(payload), 1000, timeout).send(message)).toMatchObject({ kind: 'unknown', code: 'webhook_timeout' });
    const refused = (() => Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }))) as unknown as typeof fetch;
    expect(await new WebhookAdapter(new FixedPayloads(payload), 1000, refused).send(message)).toMatchObject({ kind: 'retryable', code: 'webhook_network' });
  });
});
