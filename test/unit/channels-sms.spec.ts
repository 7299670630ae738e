import { describe, expect, it } from 'vitest';
import { countSegments, fitToSegments, isGsm7 } from '../../src/channels/sms/segments.js';
import { classifyTwilioError, interpretTwilioReply, TWILIO_ERROR_RULES } from '../../src/channels/sms/twilio-api.js';
import { TwilioSignature } from '../../src/channels/sms/twilio-signature.js';
import { SmsAdapter } from '../../src/channels/sms/sms.adapter.js';
import { parseSmsStatus } from '../../src/receipts/sms/sms-status.parser.js';

describe('SMS segment counting', () => {
  it.each([
    ['', 'GSM-7', 0, 0],
    ['Flood warning', 'GSM-7', 1, 13],
    ['a'.repeat(160), 'GSM-7', 1, 160],
    ['a'.repeat(161), 'GSM-7', 2, 161],
    ['a'.repeat(306), 'GSM-7', 2, 306],
    ['a'.repeat(307), 'GSM-7', 3, 307],
    // Extension characters take two septets.
    ['€'.repeat(80), 'GSM-7', 1, 160],
    ['€'.repeat(81), 'GSM-7', 2, 162],
    ['[x]{y}~|^\\', 'GSM-7', 1, 18],
    // Accented letters of the basic table stay GSM-7; others force UCS-2.
    ['Überschwemmung: Straße gesperrt, à demain', 'GSM-7', 1, 41],
    ['Alerta de inundación', 'UCS-2', 1, 20],
    ['é'.repeat(70) + 'ó', 'UCS-2', 2, 71],
    ['ó'.repeat(70), 'UCS-2', 1, 70],
    ['ó'.repeat(134), 'UCS-2', 2, 134],
    ['ó'.repeat(135), 'UCS-2', 3, 135],
    ['تحذير من الفيضانات', 'UCS-2', 1, 18],
    // An emoji is two UTF-16 units and is never split across segments.
    ['🌊'.repeat(35), 'UCS-2', 1, 70],
    ['a'.repeat(66) + '🌊' + 'a'.repeat(10), 'UCS-2', 2, 78],
  ])('%j -> %s, %i segments, %i units', (text, encoding, segments, units) => {
    expect(countSegments(text)).toMatchObject({ encoding, segments, units });
  });

  it('does not split an escape pair: 152 plain septets then a euro sign need two segments of a concatenated message', () => {
    const text = 'a'.repeat(152) + '€' + 'a'.repeat(10);
    expect(countSegments(text)).toMatchObject({ segments: 2, units: 164, remaining: 153 - 12 });
  });

  it('tells GSM-7 apart', () => {
    expect(isGsm7('Hello @ £5 ¿cómo?')).toBe(false);
    expect(isGsm7('Hello @ £5 ¿qué? à è ñ Ö')).toBe(true);
  });

  it.each([
    ['a'.repeat(500), 1, 160],
    ['a'.repeat(500), 2, 306],
    ['ó'.repeat(500), 2, 134],
    ['short', 1, 5],
  ])('cuts a text to the segment cap (%#)', (text, cap, length) => {
    const fitted = fitToSegments(text, cap);
    expect(fitted.count.segments).toBeLessThanOrEqual(cap);
    expect([...fitted.text].length).toBe(length);
    expect(fitted.truncated).toBe(text.length > length);
    if (fitted.truncated) expect(fitted.text.endsWith('...')).toBe(true);
  });
});

describe('X-Twilio-Signature', () => {
  const signature = new TwilioSignature('12345');
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
  const params = { CallSid: 'CA1234567890ABCDE', Caller: '+14158675310', Digits: '1234', From: '+14158675310', To: '+18005551212' };

  it("matches Twilio's published example", () => {
    expect(signature.sign(url, params)).toBe('GvWf1cFY/Q7PnoempGyD5oXAezc=');
    expect(signature.verify(url, params, 'GvWf1cFY/Q7PnoempGyD5oXAezc=')).toBe(true);
  });

  it.each([
    ['another URL', 'https://mycompany.com/myapp.php?foo=1&bar=3', params],
    ['another parameter value', url, { ...params, Digits: '1235' }],
    ['an extra parameter', url, { ...params, Extra: '' + 'x' }],
  ])('refuses %s', (_name, otherUrl, otherParams) => {
    expect(signature.verify(otherUrl, otherParams, 'GvWf1cFY/Q7PnoempGyD5oXAezc=')).toBe(false);
  });

  it.each([undefined, '', 'nonsense', 'GvWf1cFY/Q7PnoempGyD5oXAezc', 'sha256=abc'])('refuses the header %j', (header) => {
    expect(signature.verify(url, params, header)).toBe(false);
  });
});

describe('Twilio errors and answers', () => {
  it.each(Object.entries(TWILIO_ERROR_RULES))('code %s is classified as in the table', (code, rule) => {
    expect(classifyTwilioError(400, Number(code))).toBe(rule.class);
  });

  it.each([
    [201, { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' }, { kind: 'accepted', providerMessageId: 'SM0123456789abcdef0123456789abcdef' }],
    [201, {}, { kind: 'unknown', code: 'sms:bad_response', message: 'HTTP 201 without a message sid' }],
    [400, { code: 21211, message: "The 'To' number is not valid", status: 400 }, { kind: 'permanent', code: 'sms:21211', message: "The 'To' number is not valid" }],
    [429, { code: 20429, message: 'Too Many Requests', status: 429 }, { kind: 'retryable', code: 'sms:20429', message: 'Too Many Requests', rateLimited: true }],
    [503, undefined, { kind: 'retryable', code: 'sms:http_503', message: 'HTTP 503', rateLimited: false }],
    [404, { code: 99999, message: 'What', status: 404 }, { kind: 'permanent', code: 'sms:99999', message: 'What' }],
  ])('HTTP %i %j', (status, body, outcome) => {
    expect(interpretTwilioReply(status, body)).toEqual(outcome);
  });
});

describe('Twilio status callbacks to status updates', () => {
  const at = new Date('2026-11-25T10:00:00Z');
  const sid = 'SM0123456789abcdef0123456789abcdef';
  it.each([
    ['sent', { deliveryId: '42', providerMessageId: sid, status: 'sent', at }],
    ['delivered', { deliveryId: '42', providerMessageId: sid, status: 'delivered', at }],
    ['undelivered', { deliveryId: '42', providerMessageId: sid, status: 'failed', at, errorCode: 'sms:30003', errorMessage: 'Unreachable destination handset' }],
    ['queued', undefined],
    ['sending', undefined],
    ['accepted', undefined],
  ])('%s', (status, expected) => {
    const params = { MessageSid: sid, MessageStatus: status, ...(status === 'undelivered' ? { ErrorCode: '30003' } : {}) };
    expect(parseSmsStatus(params, '42', at)).toEqual(expected);
  });

  it('ignores a bad delivery id and finds the row by sid instead', () => {
    expect(parseSmsStatus({ MessageSid: sid, MessageStatus: 'delivered' }, '0x1', at)?.deliveryId).toBeNull();
    expect(parseSmsStatus({ MessageSid: 'not-a-sid', MessageStatus: 'delivered' }, '1', at)).toBeUndefined();
  });
});

describe('SmsAdapter', () => {
  it('posts the Twilio form with basic auth, a callback carrying the delivery id, and the text cut to the cap', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const fakeFetch = ((url: string, init: RequestInit) => {
      calls.push({ url, init });
      return Promise.resolve(new Response(JSON.stringify({ sid: 'SM0123456789abcdef0123456789abcdef' }), { status: 201 }));
    }) as unknown as typeof fetch;
    const adapter = new SmsAdapter(
      { baseUrl: () => 'https://api.example', accountSid: 'AC1', authToken: 'tok', senderIds: ['+15005550006'], statusCallbackUrl: () => 'https://beacon.example/webhooks/sms/status', maxSegments: 1, timeoutMs: 1000 },
      fakeFetch,
    );
    const outcome = await adapter.send({ deliveryId: '77', senderId: '+15005550006', recipient: '+447700900001', language: 'en', text: 'x'.repeat(200) });
    expect(outcome).toEqual({ kind: 'accepted', providerMessageId: 'SM0123456789abcdef0123456789abcdef' });
    expect(calls[0]!.url).toBe('https://api.example/2010-04-01/Accounts/AC1/Messages.json');
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(headers.authorization).toBe(`Basic ${Buffer.from('AC1:tok').toString('base64')}`);
    const form = new URLSearchParams(calls[0]!.init.body as string);
    expect(form.get('To')).toBe('+447700900001');
    expect(form.get('From')).toBe('+15005550006');
    expect(form.get('StatusCallback')).toBe('https://beacon.example/webhooks/sms/status?d=77');
    expect(form.get('Body')).toHaveLength(160);
  });
});
