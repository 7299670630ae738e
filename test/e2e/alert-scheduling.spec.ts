import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView } from '../../src/alerts/alert.view.js';
import type { CreateAlertDto } from '../../src/alerts/dto/create-alert.dto.js';
import { ScheduledDispatchJob } from '../../src/alerts/schedule/scheduled-dispatch.job.js';
import { approveAlert } from '../support/alerts.js';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';
import { capSchemaErrors } from './cap-support.js';

interface SimulatedMessage {
  to: string;
  text: string;
}

interface AuditEvent {
  action: string;
  actor: string;
  data: Record<string, unknown>;
}

const AREA = { polygons: [{ type: 'Polygon' as const, coordinates: [[[10, 50], [11, 50], [11, 51], [10, 51], [10, 50]]] }] };
const inSeconds = (seconds: number) => new Date(Date.now() + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

describe('scheduled alerts: approved before their onset, started by the scheduler', () => {
  let beacon: Beacon;
  let client: pg.Client;
  let author: string;
  let approver: string;
  let auditor: string;

  const get = async (id: string) => (await beacon.http.get(`/api/v1/alerts/${id}`).set(beacon.auth(auditor)).expect(200)).body as AlertView;
  const audit = async (id: string) => {
    const { events } = (await beacon.http.get('/api/v1/audit/events').query({ subjectId: id }).set(beacon.auth(auditor)).expect(200)).body as { events: AuditEvent[] };
    return events.reverse();
  };
  const messagesWith = async (text: string) => {
    const { messages } = (await beacon.http.get('/simulator/messages').expect(200)).body as { messages: SimulatedMessage[] };
    return messages.filter((message) => message.text === text);
  };
  /** Drafts, submits and approves; returns the alert as the approval left it. */
  const schedule = async (overrides: Partial<CreateAlertDto>) => {
    const body = alertBody({ area: AREA, ...overrides });
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(body).expect(201)).body as AlertView;
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    return (await approveAlert(beacon.http, beacon.auth(approver), id)).body as AlertView;
  };
  const stateBecomes = (id: string, states: string[]) => eventually(async () => {
    const alert = await get(id);
    return states.includes(alert.state) ? alert : undefined;
  }, 20_000, `alert ${id} to become ${states.join(' or ')}`);

  beforeAll(async () => {
    beacon = await startBeacon();
    client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
    author = await beacon.createOperator('Ana Author', ['operator']);
    approver = await beacon.createOperator('Sam Approver', ['approver']);
    auditor = await beacon.createOperator('Alex Auditor', ['auditor']);
    for (const [lat, lon] of [[50.2, 10.2], [50.7, 10.7]] as const) {
      await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(subscriberBody([{ lat, lon }])).expect(201);
    }
  });
  afterAll(async () => {
    await client.end();
    await beacon.close();
  });

  it('refuses an onset without a UTC offset, or not before the expiry', async () => {
    const noOffset = await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody({ onset: '2026-11-25T18:00:00' })).expect(400);
    expect(noOffset.body).toMatchObject({ error: { code: 'alert.invalid_time', details: { field: 'onset' } } });
    const never = await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody({ onset: inSeconds(7200), expires: inSeconds(3600) })).expect(400);
    expect(never.body).toMatchObject({ error: { code: 'alert.invalid_schedule' } });
  });

  it('an onset a few seconds ahead: approved into `scheduled`, nothing sent before the onset, sent after it by the scheduler', async () => {
    const text = 'Scheduled: the dam spillway opens at the onset.';
    const onset = inSeconds(5);
    const approved = await schedule({ texts: { en: text }, onset });
    expect(approved).toMatchObject({ state: 'scheduled', onset: new Date(onset).toISOString(), progress: { targeted: 0 } });
    expect(approved.decidedBy).not.toBeNull();
    expect((await audit(approved.id)).map((event) => event.action)).toEqual(expect.arrayContaining(['alert.approved', 'alert.scheduled']));
    expect(await messagesWith(text)).toEqual([]);
    const xml = (await beacon.http.get(`/api/v1/alerts/${approved.id}/cap`).set(beacon.auth(author)).expect(200)).text;
    expect(await capSchemaErrors(xml)).toEqual([]);
    expect(xml).toContain(`<onset>${onset.replace('Z', '+00:00')}</onset>`);

    await stateBecomes(approved.id, ['dispatching', 'completed']);
    await eventually(async () => ((await messagesWith(text)).length === 2 ? true : undefined), 20_000, 'both messages');
    // The database's own times: the run was created, and every message sent, at or after the onset.
    const { rows } = await client.query<{ early: string; total: string }>(
      `SELECT count(*) FILTER (WHERE d.sent_at < $2 OR r.created_at < $2) AS early, count(*) AS total
       FROM alert a JOIN dispatch_run r ON r.id = a.dispatch_run_id JOIN delivery d ON d.run_id = r.id WHERE a.id = $1`,
      [approved.id, new Date(onset)],
    );
    expect(rows[0]).toEqual({ early: '0', total: '2' });
    const dispatchStarted = (await audit(approved.id)).find((event) => event.action === 'alert.dispatch_started')!;
    expect(dispatchStarted).toMatchObject({ actor: 'system', data: { targeted: 2 } });
  });

  it('a scheduled alert cancelled before its onset is never sent', async () => {
    const onset = inSeconds(4);
    const kept = await schedule({ texts: { en: 'Kept: roads close at the onset.' }, onset });
    const dropped = await schedule({ texts: { en: 'Dropped: this one is called off.' }, onset });
    expect([kept.state, dropped.state]).toEqual(['scheduled', 'scheduled']);
    const cancelled = await beacon.http.post(`/api/v1/alerts/${dropped.id}/cancel`).set(beacon.auth(author)).send({ reason: 'Called off' }).expect(200);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', cancellation: null });
    // Once the alert with the same onset has started, the scheduler has passed the cancelled one's onset too.
    await stateBecomes(kept.id, ['dispatching', 'completed']);
    await eventually(async () => ((await messagesWith('Kept: roads close at the onset.')).length === 2 ? true : undefined), 20_000, 'the kept alert');
    const after = await get(dropped.id);
    expect(after.state).toBe('cancelled');
    expect(after.progress.targeted).toBe(0);
    expect(await messagesWith('Dropped: this one is called off.')).toEqual([]);
  });

  it('a scheduled alert whose expiry passes before its onset is never sent: it ends `expired`', async () => {
    const approved = await schedule({ texts: { en: 'Expires before it starts.' }, onset: inSeconds(3600), expires: inSeconds(7200) });
    expect(approved.state).toBe('scheduled');
    // The expiry passes now (moved in the database rather than waiting for the clock).
    await client.query(`UPDATE alert SET expires_at = now() WHERE id = $1`, [approved.id]);
    const expired = await stateBecomes(approved.id, ['expired']);
    expect(expired.progress.targeted).toBe(0);
    expect((await audit(approved.id)).at(-1)).toMatchObject({ action: 'alert.expired', actor: 'system' });
  });

  it('a scheduled alert whose content changed after approval is not sent: back to pending approval, approvals voided', async () => {
    const approved = await schedule({ texts: { en: 'Approved wording.' }, onset: inSeconds(3600) });
    await client.query(`UPDATE alert SET texts = '{"en": "Tampered wording."}', onset_at = now() WHERE id = $1`, [approved.id]);
    const halted = await stateBecomes(approved.id, ['pending_approval']);
    expect(halted.approvals).toEqual([]);
    expect(halted.progress.targeted).toBe(0);
    const event = (await audit(approved.id)).find((entry) => entry.action === 'alert.schedule_halted');
    expect(event).toMatchObject({ actor: 'system', data: { code: 'alert.content_changed' } });
    expect(await messagesWith('Tampered wording.')).toEqual([]);
  });

  it('several schedulers at once (several API processes) start each due alert exactly once', async () => {
    const ids: string[] = [];
    // One onset for all four, a few seconds ahead (the onset is part of what was approved, so it is
    // not moved in the database: that would rightly halt them); then three schedulers race the
    // process's own one-second tick for them.
    const onset = inSeconds(8);
    for (let i = 0; i < 4; i += 1) ids.push((await schedule({ texts: { en: `Concurrent ${i}.` }, onset })).id);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(onset) - Date.now())));
    const job = beacon.app.get(ScheduledDispatchJob);
    await Promise.all([job.runDue(new Date()), job.runDue(new Date()), job.runDue(new Date())]);
    for (const id of ids) await stateBecomes(id, ['dispatching', 'completed']);
    const { rows } = await client.query<{ subject_id: string; n: string }>(
      `SELECT subject_id, count(*) AS n FROM audit_event WHERE action = 'alert.dispatch_started' AND subject_id = ANY($1::text[]) GROUP BY subject_id`,
      [ids],
    );
    expect(rows.map((row) => Number(row.n))).toEqual([1, 1, 1, 1]);
    const runs = await client.query<{ n: string }>(`SELECT count(*) AS n FROM delivery d JOIN alert a ON a.dispatch_run_id = d.run_id WHERE a.id = ANY($1::uuid[])`, [ids]);
    expect(Number(runs.rows[0]!.n)).toBe(8);
  });
});
