import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwilioSignature } from '../../src/channels/sms/twilio-signature.js';
import { WebhookSignature } from '../../src/channels/whatsapp/webhook-signature.js';
import { ADMIN_KEY, startBeacon, type Beacon } from '../support/beacon.js';
import { subscriberBody } from '../support/fixtures.js';

interface ErrorBody {
  error: { code: string; message: string };
}

const whatsapp = new WebhookSignature('simulator-app-secret');
const sms = new TwilioSignature('simulator-auth-token');

/** A WhatsApp status webhook for a delivery Beacon does not have: accepted, and it changes nothing. */
function statusWebhook(): string {
  const status = { id: `wamid.${randomUUID()}`, status: 'delivered', timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: '447700900001', biz_opaque_callback_data: randomUUID() };
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: '100000000000001' }, statuses: [status] } }] }] });
}

/** An incoming "STOP" from a subscriber: if it got through, the subscriber would be stopped. */
function stopWebhook(phone: string): string {
  const message = { from: phone.slice(1), id: `wamid.${randomUUID()}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'STOP' } };
  return JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: '100000000000001' }, messages: [message] } }] }] });
}

describe('public routes: rate limits per client address, body limits', () => {
  let beacon: Beacon;
  const postWhatsApp = (body: string, signature: string) => beacon.http.post('/webhooks/whatsapp').set('Content-Type', 'application/json').set('X-Hub-Signature-256', signature).send(body);
  const postSmsStatus = (params: Record<string, string>, signed: boolean) => {
    const path = `/webhooks/sms/status?d=${randomUUID()}`;
    const request = beacon.http.post(path).type('form');
    if (signed) request.set('X-Twilio-Signature', sms.sign(`${beacon.url}${path}`, params));
    return request.send(params);
  };

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_WORKERS: 'false', BEACON_PUBLIC_RATE_PER_MIN: '6', BEACON_PUBLIC_BURST: '5', BEACON_BODY_LIMIT_BYTES: '4096' });
  });
  afterAll(() => beacon.close());

  it('refuses a body over the limit with 413 on every public POST route', async () => {
    const padding = 'x'.repeat(5000);
    await postWhatsApp(JSON.stringify({ object: padding }), 'sha256=00').expect(413);
    await beacon.http.post('/webhooks/sms/status').type('form').send({ Body: padding }).expect(413);
    await beacon.http.post('/webhooks/sms/inbound').type('form').send({ Body: padding }).expect(413);
    const optin = await beacon.http.post('/api/v1/optin').send({ phone: '+447700900123', note: padding }).expect(413);
    expect((optin.body as ErrorBody).error.code).toBe('body_too_large');
  });

  it('the Atom feed hammered past the limit answers 429 with Retry-After; the public CAP route shares its budget, health has its own', async () => {
    for (let i = 0; i < 5; i++) await beacon.http.get('/feeds/alerts.atom').expect(200);
    const limited = await beacon.http.get('/feeds/alerts.atom').expect(429);
    expect((limited.body as ErrorBody).error).toMatchObject({ code: 'rate_limited', message: expect.stringContaining('retry') });
    const retryAfter = Number(limited.headers['retry-after']);
    // 6 a minute: one every 10 s.
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(10);
    expect(limited.headers['x-content-type-options']).toBe('nosniff');
    await beacon.http.get(`/feeds/alerts/${randomUUID()}.cap`).expect(429);
    for (let i = 0; i < 5; i++) await beacon.http.get('/health').expect(200);
    expect((await beacon.http.get('/health').expect(429)).headers['retry-after']).toBeDefined();
  });

  it('never throttles correctly signed webhooks, however many', async () => {
    for (let i = 0; i < 40; i++) {
      const body = statusWebhook();
      await postWhatsApp(body, whatsapp.sign(body)).expect(200);
    }
    for (let i = 0; i < 15; i++) await postSmsStatus({ MessageSid: `SM${i}`, MessageStatus: 'delivered', AccountSid: 'AC00000000000000000000000000000000' }, true).expect(200);
    // The STOP message the flood below carries does stop a subscriber when it is signed.
    const subscriber = subscriberBody([{ lat: 50.5, lon: 10.5 }]);
    const { id } = (await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(subscriber).expect(201)).body as { id: string };
    const stop = stopWebhook(subscriber.phone);
    await postWhatsApp(stop, whatsapp.sign(stop)).expect(200);
    const stored = await beacon.http.get(`/api/v1/subscribers/${id}`).set(beacon.auth(ADMIN_KEY)).expect(200);
    expect((stored.body as { status: string }).status).toBe('stopped');
  });

  it('a flood with bad signatures gets 401s, then 429s before any signature work, and records nothing', async () => {
    const subscriber = subscriberBody([{ lat: 50.5, lon: 10.5 }]);
    const { id } = (await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(subscriber).expect(201)).body as { id: string };
    const statuses: number[] = [];
    for (let i = 0; i < 15; i++) {
      const body = stopWebhook(subscriber.phone);
      const response = await postWhatsApp(body, whatsapp.sign(`${body} `));
      statuses.push(response.status);
      if (response.status === 401) expect((response.body as ErrorBody).error.code).toBe('webhook.invalid_signature');
      if (response.status === 429) expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }
    expect(statuses).toEqual([...Array<number>(5).fill(401), ...Array<number>(10).fill(429)]);
    // The budget is per address and route class: the SMS webhooks of this address are refused too,
    // before their signature is looked at, so even a correctly signed one waits.
    await postSmsStatus({ MessageSid: 'SMx', MessageStatus: 'delivered' }, true).expect(429);
    const body = stopWebhook(subscriber.phone);
    await postWhatsApp(body, whatsapp.sign(body)).expect(429);
    const stored = await beacon.http.get(`/api/v1/subscribers/${id}`).set(beacon.auth(ADMIN_KEY)).expect(200);
    expect((stored.body as { status: string }).status).toBe('active');
    const stops = await beacon.http.get('/api/v1/audit/events').query({ action: 'subscriber.stopped', subjectId: id }).set(beacon.auth(ADMIN_KEY)).expect(200);
    expect((stops.body as { events: unknown[] }).events).toEqual([]);
  });
});

describe('CORS when origins are configured', () => {
  let beacon: Beacon;

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_WORKERS: 'false', BEACON_CORS_ORIGINS: 'https://console.example.org' });
  });
  afterAll(() => beacon.close());

  it('answers a configured origin and no other', async () => {
    const preflight = (origin: string) => beacon.http.options('/api/v1/alerts').set('Origin', origin).set('Access-Control-Request-Method', 'POST');
    expect((await preflight('https://console.example.org')).headers['access-control-allow-origin']).toBe('https://console.example.org');
    expect((await preflight('https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
  });
});
