import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConfirmOptinDto, StartOptinDto } from '../../src/subscribers/dto/optin.dto.js';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';

interface SimulatedMessage {
  to: string;
  text: string;
}

describe('self-service double opt-in', () => {
  let beacon: Beacon;
  let db: pg.Client;

  const request = (phone: string): StartOptinDto => ({
    phone,
    language: 'en',
    channels: ['whatsapp'],
    locations: [{ lat: 50.2, lon: 10.2, label: 'home' }],
    tags: ['has-no-car'],
    wordingVersion: 'consent-2026-11',
  });

  const start = async (phone: string) => {
    const response = await beacon.http.post('/api/v1/optin').send(request(phone)).expect(202);
    return (response.body as { attemptId: string }).attemptId;
  };

  /** The code, as the simulated WhatsApp API received it. */
  const codeSentTo = (phone: string, nth = 0) =>
    eventually(async () => {
      const response = await beacon.http.get('/simulator/messages').expect(200);
      const messages = (response.body as { messages: SimulatedMessage[] }).messages.filter((m) => m.to === phone.slice(1));
      return messages[nth] ? /code is (\d{6})/.exec(messages[nth].text)?.[1] : undefined;
    }, 10_000, `the code sent to ${phone}`);

  const confirm = (body: ConfirmOptinDto) => beacon.http.post('/api/v1/optin/confirm').send(body);
  const wrong = (code: string) => (code === '000000' ? '000001' : '000000');

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_WORKERS: 'false' });
    db = new pg.Client({ connectionString: beacon.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await beacon.close();
  });

  it('sends a code over WhatsApp and subscribes only once the code is confirmed, with the consent recorded', async () => {
    const phone = '+447700800001';
    const attemptId = await start(phone);
    const code = await codeSentTo(phone);
    expect(await db.query(`SELECT count(*)::int AS n FROM subscriber WHERE phone = $1`, [phone])).toMatchObject({ rows: [{ n: 0 }] });
    const stored = await db.query<{ code_hash: Buffer; request: unknown }>(`SELECT code_hash, request FROM optin_attempt WHERE id = $1`, [attemptId]);
    expect(stored.rows[0]!.code_hash.toString('hex')).not.toContain(code);
    expect(JSON.stringify(stored.rows[0]!.request)).not.toContain(code);

    const bad = await confirm({ attemptId, code: wrong(code) }).expect(400);
    expect(bad.body).toMatchObject({ error: { code: 'optin.wrong_code', details: { remaining: 4 } } });
    const confirmed = await confirm({ attemptId, code }).expect(201);
    const subscriberId = (confirmed.body as { subscriberId: string }).subscriberId;
    const subscriber = await beacon.http.get(`/api/v1/subscribers/${subscriberId}`).set(beacon.auth(ADMIN_KEY)).expect(200);
    expect(subscriber.body).toMatchObject({
      phone,
      status: 'active',
      tags: ['has-no-car'],
      locations: [{ lat: 50.2, lon: 10.2, label: 'home' }],
      consent: { source: 'self-service-optin', wordingVersion: 'consent-2026-11' },
    });
    const again = await confirm({ attemptId, code }).expect(409);
    expect(again.body).toMatchObject({ error: { code: 'optin.not_pending' } });
  });

  it('locks the attempt at the fifth wrong code; the right code no longer works', async () => {
    const phone = '+447700800002';
    const attemptId = await start(phone);
    const code = await codeSentTo(phone);
    for (let k = 1; k <= 4; k++) {
      const response = await confirm({ attemptId, code: wrong(code) }).expect(400);
      expect(response.body).toMatchObject({ error: { code: 'optin.wrong_code', details: { remaining: 5 - k } } });
    }
    const fifth = await confirm({ attemptId, code: wrong(code) }).expect(409);
    expect(fifth.body).toMatchObject({ error: { code: 'optin.locked' } });
    await confirm({ attemptId, code }).expect(409);
    expect(await db.query(`SELECT count(*)::int AS n FROM subscriber WHERE phone = $1`, [phone])).toMatchObject({ rows: [{ n: 0 }] });
  });

  it('rate-limits codes per phone number', async () => {
    const phone = '+447700800003';
    for (let k = 0; k < 3; k++) await start(phone);
    const limited = await beacon.http.post('/api/v1/optin').send(request(phone)).expect(429);
    expect(limited.body).toMatchObject({ error: { code: 'optin.rate_limited', details: { scope: 'phone' } } });
  });

  it('rejects unknown fields and bad codes at the edge', async () => {
    const unknown = await beacon.http.post('/api/v1/optin').send({ ...request('+447700800004'), admin: true }).expect(400);
    expect(unknown.body).toMatchObject({ error: { code: 'unknown_field' } });
    await confirm({ attemptId: 'not-a-uuid', code: '12' }).expect(400);
    const missing = await confirm({ attemptId: '8f1c1a3e-1d2b-4c5d-9e8f-0a1b2c3d4e5f', code: '123456' }).expect(404);
    expect(missing.body).toMatchObject({ error: { code: 'optin.not_found' } });
  });

  it('lets a number that sent STOP subscribe again: the same subscriber, active, with what it asked for now', async () => {
    const phone = '+447700800005';
    const first = await confirm({ attemptId: await start(phone), code: await codeSentTo(phone) }).expect(201);
    const subscriberId = (first.body as { subscriberId: string }).subscriberId;
    await beacon.http.post(`/api/v1/subscribers/${subscriberId}/stop`).set(beacon.auth(ADMIN_KEY)).expect(200);

    const again: StartOptinDto = { ...request(phone), language: 'de', locations: [{ lat: 51, lon: 11 }], tags: [], wordingVersion: 'consent-2026-12' };
    const attemptId = (await beacon.http.post('/api/v1/optin').send(again).expect(202)).body as { attemptId: string };
    const confirmed = await confirm({ attemptId: attemptId.attemptId, code: await codeSentTo(phone, 1) }).expect(201);
    expect(confirmed.body).toEqual({ subscriberId });
    const subscriber = await beacon.http.get(`/api/v1/subscribers/${subscriberId}`).set(beacon.auth(ADMIN_KEY)).expect(200);
    expect(subscriber.body).toMatchObject({
      status: 'active',
      language: 'de',
      tags: [],
      locations: [{ lat: 51, lon: 11 }],
      consent: { source: 'self-service-optin', wordingVersion: 'consent-2026-12' },
    });
    // Still subscribed: a third opt-in is refused as before.
    const third = await beacon.http.post('/api/v1/optin').send(request(phone)).expect(202);
    const refused = await confirm({ attemptId: (third.body as { attemptId: string }).attemptId, code: await codeSentTo(phone, 2) }).expect(409);
    expect(refused.body).toMatchObject({ error: { code: 'subscriber.phone_taken' } });
  });
});
