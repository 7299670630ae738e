import { describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/channels/channel.js';
import { fetchPost } from '../../src/channels/http-post.js';
import { buildTemplateMessage, TemplateMessageJson, toWhatsAppLanguage, toWhatsAppNumber } from '../../src/channels/whatsapp/graph-api.js';
import { WhatsAppAdapter, type WhatsAppAdapterSettings } from '../../src/channels/whatsapp/whatsapp.adapter.js';
import { interpretSendReply, parseRetryAfter } from '../../src/channels/whatsapp/whatsapp-reply.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');

const settings: WhatsAppAdapterSettings = {
  baseUrl: () => 'https://graph.example.test',
  graphVersion: 'v21.0',
  accessToken: 'token-1',
  senderIds: ['100000000000001', '100000000000002'],
  templateName: 'beacon_alert',
  timeoutMs: 1000,
};

const message: OutboundMessage = { deliveryId: '42', senderId: '100000000000002', recipient: '+351912345678', language: 'pt-BR', text: 'Evacuate now' };

function graphError(code: number, extra: Record<string, unknown> = {}) {
  return { error: { message: `(#${code}) Title`, type: 'OAuthException', code, error_data: { messaging_product: 'whatsapp', details: 'Details' }, fbtrace_id: 'x', ...extra } };
}

function adapterAnswering(answer: () => Promise<Response>, calls: { url: string; init: RequestInit }[] = []) {
  const fakeFetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: url instanceof Request ? url.url : url.toString(), init: init ?? {} });
    return answer();
  }) as typeof fetch;
  return new WhatsAppAdapter(settings, fetchPost(fakeFetch), () => NOW);
}

function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return Promise.resolve(new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } }));
}

function networkError(code: string) {
  return Promise.reject(new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code}`), { code }) }));
}

describe('template message', () => {
  it('has the Cloud API shape', () => {
    expect(buildTemplateMessage({ to: '+351912345678', templateName: 'beacon_alert', language: 'pt-BR', text: 'Hi', callbackData: '7' })).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '351912345678',
      type: 'template',
      template: { name: 'beacon_alert', language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Hi' }] }] },
      biz_opaque_callback_data: '7',
    });
  });

  it.each([
    ['en', 'en'],
    ['pt-BR', 'pt_BR'],
    ['EN-us', 'en_US'],
    ['zh-Hant-HK', 'zh_HK'],
    ['sr-Latn', 'sr'],
  ])('language %s => %s', (bcp47, whatsapp) => {
    expect(toWhatsAppLanguage(bcp47)).toBe(whatsapp);
  });

  it('is serialised with its template part reused, byte for byte as JSON.stringify', () => {
    const json = new TemplateMessageJson();
    const inputs = [
      { to: '+351912345678', templateName: 'beacon_alert', language: 'pt-BR', text: 'Saia já "agora"\n', callbackData: '7' },
      { to: '+15551234567', templateName: 'beacon_alert', language: 'pt-BR', text: 'Saia já "agora"\n', callbackData: '8' },
      { to: '+15551234567', templateName: 'beacon_alert', language: 'en', text: 'Saia já "agora"\n', callbackData: '9' },
      { to: '+15551234567', templateName: 'other', language: 'en', text: 'Leave now', callbackData: 'a"b' },
    ];
    for (const input of inputs) expect(json.build(input)).toBe(JSON.stringify(buildTemplateMessage(input)));
  });

  it('drops the + of E.164', () => {
    expect(toWhatsAppNumber('+15551234567')).toBe('15551234567');
  });
});

describe('WhatsAppAdapter.send', () => {
  it('posts the template with the bearer token to the sender path', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const adapter = adapterAnswering(() => json(200, { messaging_product: 'whatsapp', contacts: [], messages: [{ id: 'wamid.A1', message_status: 'accepted' }] }), calls);
    expect(adapter.channel).toBe('whatsapp');
    expect(adapter.senderIds).toEqual(['100000000000001', '100000000000002']);
    await expect(adapter.send(message)).resolves.toEqual({ kind: 'accepted', providerMessageId: 'wamid.A1' });
    expect(calls[0]!.url).toBe('https://graph.example.test/v21.0/100000000000002/messages');
    expect(new Headers(calls[0]!.init.headers).get('authorization')).toBe('Bearer token-1');
    expect(JSON.parse(calls[0]!.init.body as string)).toMatchObject({ to: '351912345678', biz_opaque_callback_data: '42', template: { language: { code: 'pt_BR' } } });
    expect(calls[0]!.init.signal).toBeInstanceOf(AbortSignal);
  });

  it('calls a timeout unknown: the request may have reached Meta', async () => {
    const adapter = adapterAnswering(() => Promise.reject(new DOMException('The operation was aborted due to timeout', 'TimeoutError')));
    await expect(adapter.send(message)).resolves.toMatchObject({ kind: 'unknown', code: 'whatsapp:timeout' });
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EAI_AGAIN'])('retries after %s before any response', async (code) => {
    const adapter = adapterAnswering(() => networkError(code));
    await expect(adapter.send(message)).resolves.toMatchObject({ kind: 'retryable', code: 'whatsapp:network', rateLimited: false });
  });

  it('maps a Graph permanent error to whatsapp:<code>', async () => {
    const adapter = adapterAnswering(() => json(400, graphError(131026)));
    await expect(adapter.send(message)).resolves.toEqual({ kind: 'permanent', code: 'whatsapp:131026', message: '(#131026) Title: Details' });
  });

  it('marks throughput errors rate limited and honours Retry-After seconds', async () => {
    const adapter = adapterAnswering(() => json(400, graphError(130429), { 'retry-after': '3' }));
    await expect(adapter.send(message)).resolves.toMatchObject({ kind: 'retryable', code: 'whatsapp:130429', rateLimited: true, retryAfterMs: 3000 });
  });

  it('says the pair rate limit is per recipient and waits at least its window', async () => {
    const adapter = adapterAnswering(() => json(400, graphError(131056)));
    const outcome = await adapter.send(message);
    expect(outcome).toMatchObject({ kind: 'retryable', code: 'whatsapp:131056', rateLimited: true, retryAfterMs: 6000 });
    expect(outcome.kind === 'retryable' && outcome.message).toMatch(/^per-recipient limit/);
  });

  it('falls back on the HTTP status when the body is not Graph JSON', async () => {
    const adapter = adapterAnswering(() => Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502 })));
    await expect(adapter.send(message)).resolves.toMatchObject({ kind: 'retryable', code: 'whatsapp:http_502', rateLimited: false });
  });

  it('calls a success whose body was lost unknown, a lost error body by its status', async () => {
    const lost = (status: number) => () => Promise.resolve(new Response(new ReadableStream({ pull: (controller) => controller.error(new Error('reset')) }), { status }));
    await expect(adapterAnswering(lost(200)).send(message)).resolves.toMatchObject({ kind: 'unknown', code: 'whatsapp:response_lost' });
    await expect(adapterAnswering(lost(503)).send(message)).resolves.toMatchObject({ kind: 'retryable', code: 'whatsapp:http_503' });
  });

  it('calls a 200 without a message id unknown', async () => {
    const adapter = adapterAnswering(() => json(200, { messaging_product: 'whatsapp' }));
    await expect(adapter.send(message)).resolves.toMatchObject({ kind: 'unknown', code: 'whatsapp:bad_response' });
  });
});

describe('reply interpretation', () => {
  it('reads Retry-After as an HTTP date', () => {
    expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
    expect(parseRetryAfter('nonsense', NOW)).toBeUndefined();
    expect(parseRetryAfter(null, NOW)).toBeUndefined();
  });

  it('treats a 5xx Graph error as retryable without a rate limit', () => {
    expect(interpretSendReply(500, graphError(131000), null, NOW)).toMatchObject({ kind: 'retryable', code: 'whatsapp:131000', rateLimited: false });
  });

  it('reads a string code as some proxies send it', () => {
    expect(interpretSendReply(429, { error: { message: 'pair', code: '131056' } }, null, NOW)).toMatchObject({ code: 'whatsapp:131056', rateLimited: true });
  });
});
