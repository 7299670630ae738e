import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';
import { approveAlert } from '../support/alerts.js';

interface VerifyBody {
  ok: boolean;
  events: number;
  firstBrokenSeq?: number;
  reason?: string;
}

interface EventBody {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subjectId: string;
  prevHash: string;
  hash: string;
}

describe('audit trail: search, export, and tamper evidence', () => {
  let beacon: Beacon;
  let auditor: string;
  let approverId: string;
  let client: pg.Client;
  let sealSeq: number;

  const verify = async () => (await beacon.http.get('/api/v1/audit/verify').set(beacon.auth(auditor)).expect(200)).body as VerifyBody;
  /** Changes rows behind the trigger's back, as a database superuser could, then puts the trigger back. */
  const asSuperuser = async (sql: string) => {
    await client.query('ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only');
    try {
      await client.query(sql);
    } finally {
      await client.query('ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only');
    }
  };

  beforeAll(async () => {
    beacon = await startBeacon();
    auditor = await beacon.createOperator('auditor', ['auditor']);
    const author = await beacon.createOperator('author', ['operator']);
    const approver = await beacon.createOperator('approver', ['approver']);
    approverId = ((await beacon.http.get('/api/v1/operators/me').set(beacon.auth(approver)).expect(200)).body as { id: string }).id;
    for (const lat of [50.2, 50.3, 50.7]) {
      await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(subscriberBody([{ lat, lon: 10.2 }])).expect(201);
    }
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), id);
    const seal = await eventually(async () => {
      const response = await beacon.http.get('/api/v1/audit/events').query({ action: 'alert.dispatch_sealed' }).set(beacon.auth(auditor)).expect(200);
      return (response.body as { events: EventBody[] }).events[0];
    }, 20_000, 'the dispatch seal');
    sealSeq = seal.seq;
    client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await beacon.close();
  });

  it('searches by actor, action and time, newest first, with a cursor', async () => {
    const byActor = (await beacon.http.get('/api/v1/audit/events').query({ actor: approverId }).set(beacon.auth(auditor)).expect(200)).body as { events: EventBody[] };
    expect(byActor.events.map((e) => e.action).sort()).toEqual(['alert.approved', 'alert.dispatch_started']);
    const page = (await beacon.http.get('/api/v1/audit/events').query({ limit: 2 }).set(beacon.auth(auditor)).expect(200)).body as { events: EventBody[]; nextCursor: number };
    expect(page.events[0]!.seq).toBeGreaterThan(page.events[1]!.seq);
    const next = (await beacon.http.get('/api/v1/audit/events').query({ limit: 2, before: page.nextCursor }).set(beacon.auth(auditor)).expect(200)).body as { events: EventBody[] };
    expect(next.events[0]!.seq).toBe(page.nextCursor - 1);
    const future = (await beacon.http.get('/api/v1/audit/events').query({ from: '2999-01-01T00:00:00Z' }).set(beacon.auth(auditor)).expect(200)).body as { events: EventBody[] };
    expect(future.events).toEqual([]);
  });

  it('exports the whole chain as NDJSON and CSV, verifiable offline', async () => {
    const { events } = await verify();
    const ndjson = await beacon.http.get('/api/v1/audit/export').set(beacon.auth(auditor)).expect(200).expect('Content-Type', /ndjson/);
    const lines = ndjson.text.trim().split('\n').map((line) => JSON.parse(line) as EventBody);
    expect(lines).toHaveLength(events);
    for (let i = 1; i < lines.length; i++) expect(lines[i]!.prevHash).toBe(lines[i - 1]!.hash);
    const csv = await beacon.http.get('/api/v1/audit/export').query({ format: 'csv' }).set(beacon.auth(auditor)).expect(200).expect('Content-Type', /csv/);
    const rows = csv.text.trim().split('\r\n');
    expect(rows[0]).toBe('seq,at,actor,action,subjectType,subjectId,data,prevHash,hash');
    expect(rows).toHaveLength(events + 1);
  });

  it('is intact before anyone tampers', async () => {
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('catches an altered event', async () => {
    const { rows } = await client.query<{ actor: string }>('SELECT actor FROM audit_event WHERE seq = 3');
    await asSuperuser(`UPDATE audit_event SET actor = 'mallory' WHERE seq = 3`);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 3, reason: 'hash_mismatch' });
    await asSuperuser(`UPDATE audit_event SET actor = '${rows[0]!.actor}' WHERE seq = 3`);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('catches events put in another order', async () => {
    await asSuperuser(`UPDATE audit_event SET seq = CASE seq WHEN 4 THEN -5 ELSE -4 END WHERE seq IN (4, 5)`);
    await asSuperuser(`UPDATE audit_event SET seq = -seq WHERE seq < 0`);
    const result = await verify();
    expect(result.ok).toBe(false);
    expect(result.firstBrokenSeq).toBe(4);
    await asSuperuser(`UPDATE audit_event SET seq = -seq WHERE seq IN (4, 5)`);
    await asSuperuser(`UPDATE audit_event SET seq = CASE seq WHEN -4 THEN 5 ELSE 4 END WHERE seq IN (-4, -5)`);
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('catches a removed event', async () => {
    const saved = (await client.query('SELECT * FROM audit_event WHERE seq = 6')).rows[0] as Record<string, unknown>;
    await asSuperuser('DELETE FROM audit_event WHERE seq = 6');
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: 7, reason: 'sequence_gap' });
    await client.query(
      'INSERT INTO audit_event (seq, at, actor, action, subject_type, subject_id, data, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9)',
      [saved.seq, saved.at, saved.actor, saved.action, saved.subject_type, saved.subject_id, saved.data, saved.prev_hash, saved.hash],
    );
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('catches a delivery row altered after its dispatch was sealed', async () => {
    await client.query(`UPDATE delivery SET subscriber_id = gen_random_uuid() WHERE id = (SELECT min(id) FROM delivery)`);
    expect(await verify()).toMatchObject({ ok: false, firstBrokenSeq: sealSeq, reason: 'sealed_records_altered' });
  });
});
