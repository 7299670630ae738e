import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';
import { approveAlert } from '../support/alerts.js';

interface AlertResponse {
  id: string;
  state: string;
  progress: { targeted: number; queued: number; sent: number; delivered: number; read: number; failed: number; fallbacks: number };
}

interface SimulatedMessage {
  to: string;
  text: string;
  language: string;
  callbackData: string;
}

describe('one alert from draft to read receipt', () => {
  let beacon: Beacon;
  let author: string;
  let approver: string;
  let dual: string;
  let auditor: string;
  const phones: Record<string, string> = {};

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_LOG_LEVEL: 'debug' });
    author = await beacon.createOperator('Dana Author', ['operator']);
    approver = await beacon.createOperator('Sam Approver', ['approver']);
    dual = await beacon.createOperator('Kim Both', ['operator', 'approver']);
    auditor = await beacon.createOperator('Alex Auditor', ['auditor']);
    const people = {
      inside: subscriberBody([{ lat: 50.2, lon: 10.2, label: 'home' }]),
      insideSpanish: subscriberBody([{ lat: 50.9, lon: 10.9 }], { language: 'es' }),
      onEdge: subscriberBody([{ lat: 50, lon: 10.5 }]),
      twoPlaces: subscriberBody([{ lat: 50.1, lon: 10.1, label: 'work' }, { lat: 50.15, lon: 10.15, label: 'home' }]),
      inHole: subscriberBody([{ lat: 50.5, lon: 10.5 }]),
      outside: subscriberBody([{ lat: 52, lon: 12 }]),
    };
    for (const [name, body] of Object.entries(people)) {
      await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body).expect(201);
      phones[name] = body.phone.slice(1);
    }
  });
  afterAll(() => beacon.close());

  it('delivers to everyone inside the area, once, and to nobody outside or in the hole', async () => {
    const created = await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201);
    const alert = created.body as AlertResponse;
    expect(alert.state).toBe('draft');

    await beacon.http.post(`/api/v1/alerts/${alert.id}/submit`).set(beacon.auth(author)).expect(200);
    const approved = await approveAlert(beacon.http, beacon.auth(approver), alert.id);
    expect((approved.body as AlertResponse).progress.targeted).toBe(4);

    const done = await eventually(async () => {
      const response = await beacon.http.get(`/api/v1/alerts/${alert.id}`).set(beacon.auth(auditor)).expect(200);
      const body = response.body as AlertResponse;
      return body.progress.read === 4 && body.state === 'completed' ? body : undefined;
    }, 30_000, 'every message read');
    expect(done.progress).toEqual({ targeted: 4, queued: 0, sent: 4, delivered: 4, read: 4, failed: 0, fallbacks: 0 });

    const simulator = await beacon.http.get('/simulator/messages').expect(200);
    const messages = (simulator.body as { messages: SimulatedMessage[] }).messages;
    expect(messages.map((m) => m.to).sort()).toEqual([phones.inside, phones.insideSpanish, phones.onEdge, phones.twoPlaces].sort());
    const spanish = messages.find((m) => m.to === phones.insideSpanish)!;
    expect(spanish).toMatchObject({ language: 'es', text: 'Alerta de inundación: suba a terreno elevado ahora.' });
  });

  it('refuses self-approval with a clear code, and leaves the alert pending', async () => {
    const created = await beacon.http.post('/api/v1/alerts').set(beacon.auth(dual)).send(alertBody()).expect(201);
    const id = (created.body as AlertResponse).id;
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(dual)).expect(200);
    const refused = await approveAlert(beacon.http, beacon.auth(dual), id, 403);
    expect(refused.body).toMatchObject({ error: { code: 'alert.self_approval' } });
    const after = await beacon.http.get(`/api/v1/alerts/${id}`).set(beacon.auth(dual)).expect(200);
    expect((after.body as AlertResponse).state).toBe('pending_approval');
  });

  it('rejects and cancels, and refuses steps out of order', async () => {
    const first = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as AlertResponse;
    const early = await approveAlert(beacon.http, beacon.auth(approver), first.id, 409);
    expect(early.body).toMatchObject({ error: { code: 'alert.invalid_transition' } });
    await beacon.http.post(`/api/v1/alerts/${first.id}/submit`).set(beacon.auth(author)).expect(200);
    const rejected = await beacon.http.post(`/api/v1/alerts/${first.id}/reject`).set(beacon.auth(approver)).send({ reason: 'Wrong river' }).expect(200);
    expect((rejected.body as AlertResponse).state).toBe('rejected');

    const second = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as AlertResponse;
    const cancelled = await beacon.http.post(`/api/v1/alerts/${second.id}/cancel`).set(beacon.auth(author)).send({ reason: 'Drill called off' }).expect(200);
    expect((cancelled.body as AlertResponse).state).toBe('cancelled');
  });

  it('writes no phone number or API key to the log', () => {
    const log = beacon.logs.join('\n');
    expect(beacon.logs.length).toBeGreaterThan(20);
    for (const phone of Object.values(phones)) expect(log).not.toContain(phone);
    for (const key of [author, approver, dual, auditor, ADMIN_KEY]) expect(log).not.toContain(key);
  });

  it('keeps a hash-chained audit trail that names a tampered row', async () => {
    const clean = await beacon.http.get('/api/v1/audit/verify').set(beacon.auth(auditor)).expect(200);
    const cleanBody = clean.body as { ok: boolean; events: number; firstBrokenSeq?: number };
    expect(cleanBody.ok).toBe(true);
    expect(cleanBody.events).toBeGreaterThan(10);

    const client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
    try {
      await expect(client.query(`UPDATE audit_event SET actor = 'mallory' WHERE seq = 5`)).rejects.toThrow(/append-only/);
      await expect(client.query(`DELETE FROM audit_event WHERE seq = 5`)).rejects.toThrow(/append-only/);
      // An attacker with superuser rights can switch the trigger off; the chain still gives them away.
      await client.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
      await client.query(`UPDATE audit_event SET data = data || '{"headline":"forged"}' WHERE seq = 7`);
      await client.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
    } finally {
      await client.end();
    }
    const tampered = await beacon.http.get('/api/v1/audit/verify').set(beacon.auth(auditor)).expect(200);
    expect(tampered.body).toMatchObject({ ok: false, firstBrokenSeq: 7 });
  });
});
