import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ADMIN_KEY, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';

interface ErrorResponse {
  error: { code: string; message: string; details?: unknown };
}

describe('bad input: a clear 4xx, nothing written', () => {
  let beacon: Beacon;
  let operator: string;
  let client: pg.Client;

  const counts = async () => {
    const { rows } = await client.query<{ subscribers: string; alerts: string; audit: string }>(
      `SELECT (SELECT count(*) FROM subscriber) AS subscribers, (SELECT count(*) FROM alert) AS alerts, (SELECT count(*) FROM audit_event) AS audit`,
    );
    return rows[0];
  };

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_BODY_LIMIT_BYTES: '65536' });
    operator = await beacon.createOperator('Olu Operator', ['operator']);
    client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await beacon.close();
  });

  async function expectRefused(request: Promise<{ status: number; body: unknown }>, status: number, code: string) {
    const before = await counts();
    const response = await request;
    expect(response.status).toBe(status);
    const body = response.body as ErrorResponse;
    expect(body.error.code).toBe(code);
    expect(body.error.message.length).toBeGreaterThan(5);
    expect(await counts()).toEqual(before);
    return body;
  }

  const postSubscriber = (body: object) => beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body);
  const postAlert = (body: object) => beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).send(body);

  it('unknown fields', async () => {
    const body = await expectRefused(postSubscriber({ ...subscriberBody([{ lat: 50, lon: 10 }]), vip: true }), 400, 'unknown_field');
    expect(JSON.stringify(body.error.details)).toContain('vip');
    await expectRefused(postAlert({ ...alertBody(), sendNow: true }), 400, 'unknown_field');
  });

  it('a NUL character, which PostgreSQL text cannot hold', async () => {
    await expectRefused(beacon.http.post('/api/v1/operators').set(beacon.auth(ADMIN_KEY)).send({ name: 'nul\u0000name', roles: ['operator'] }), 400, 'invalid_value');
  });

  it('a missing consent record', async () => {
    const withoutConsent: Record<string, unknown> = { ...subscriberBody([{ lat: 50, lon: 10 }]) };
    delete withoutConsent.consent;
    const body = await expectRefused(postSubscriber(withoutConsent), 400, 'validation_failed');
    expect(body.error.message).toContain('consent');
  });

  it('a phone number that is not E.164', async () => {
    for (const phone of ['07700900123', '+0123456789', '+44 7700 900123', '+1234', '+1234567890123456']) {
      const body = await expectRefused(postSubscriber(subscriberBody([{ lat: 50, lon: 10 }], { phone })), 400, 'validation_failed');
      expect(body.error.message).toContain('phone');
    }
  });

  it('latitude or longitude out of range', async () => {
    await expectRefused(postSubscriber(subscriberBody([{ lat: 91, lon: 10 }])), 400, 'validation_failed');
    await expectRefused(postSubscriber(subscriberBody([{ lat: 10, lon: -180.5 }])), 400, 'validation_failed');
    const polygon = { type: 'Polygon', coordinates: [[[10, 50], [200, 50], [11, 51], [10, 50]]] };
    await expectRefused(postAlert(alertBody({ area: { polygons: [polygon] } })), 400, 'area.coordinates_out_of_range');
  });

  it('a polygon that is not closed', async () => {
    const polygon = { type: 'Polygon', coordinates: [[[10, 50], [11, 50], [11, 51], [10, 51]]] };
    await expectRefused(postAlert(alertBody({ area: { polygons: [polygon] } })), 400, 'area.ring_not_closed');
  });

  it('a polygon that intersects itself', async () => {
    const bowtie = { type: 'Polygon', coordinates: [[[10, 50], [11, 51], [11, 50], [10, 51], [10, 50]]] };
    await expectRefused(postAlert(alertBody({ area: { polygons: [bowtie] } })), 400, 'area.self_intersection');
  });

  it('an empty area', async () => {
    await expectRefused(postAlert(alertBody({ area: {} })), 400, 'area.empty');
  });

  it('malformed JSON and a body over the size limit', async () => {
    await expectRefused(beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).set('Content-Type', 'application/json').send('{"headline":'), 400, 'malformed_json');
    const huge = alertBody({ texts: { en: 'x'.repeat(70_000) } });
    await expectRefused(postAlert(huge), 413, 'body_too_large');
  });

  it('a webhook with a wrong or missing signature', async () => {
    const payload = JSON.stringify({ object: 'whatsapp_business_account', entry: [] });
    const wrong = createHmac('sha256', 'not-the-app-secret').update(payload).digest('hex');
    const post = (signature?: string) => {
      const request = beacon.http.post('/webhooks/whatsapp').set('Content-Type', 'application/json');
      if (signature) request.set('X-Hub-Signature-256', signature);
      return request.send(payload);
    };
    await expectRefused(post(`sha256=${wrong}`), 401, 'webhook.invalid_signature');
    await expectRefused(post(), 401, 'webhook.invalid_signature');
    await expectRefused(post('sha256=abc'), 401, 'webhook.invalid_signature');
  });

  it('no key, an unknown key, and the wrong role', async () => {
    await expectRefused(beacon.http.post('/api/v1/alerts').send(alertBody()), 401, 'auth.missing_key');
    await expectRefused(beacon.http.post('/api/v1/alerts').set(beacon.auth('bk_nope')).send(alertBody()), 401, 'auth.invalid_key');
    await expectRefused(beacon.http.post('/api/v1/subscribers').set(beacon.auth(operator)).send(subscriberBody([{ lat: 1, lon: 1 }])), 403, 'auth.role_required');
  });

  it('a duplicate phone number', async () => {
    const body = subscriberBody([{ lat: 50, lon: 10 }]);
    await postSubscriber(body).expect(201);
    await expectRefused(postSubscriber(body), 409, 'subscriber.phone_taken');
  });

  it('an unknown alert id and a malformed one', async () => {
    await expectRefused(beacon.http.get('/api/v1/alerts/00000000-0000-4000-8000-000000000000').set(beacon.auth(operator)), 404, 'alert.not_found');
    await expectRefused(beacon.http.get('/api/v1/alerts/not-a-uuid').set(beacon.auth(operator)), 400, 'bad_request');
  });
});
