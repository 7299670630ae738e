import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { approveAlert } from '../support/alerts.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';

interface AlertResponse {
  id: string;
  state: string;
  progress: { targeted: number; sent: number; read: number; failed: number };
}

describe('an alert whose audience is frozen in two steps', () => {
  let beacon: Beacon;
  const inside: string[] = [];

  async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    // A first slice of 3 people: the other 9 are frozen right after the approval commits.
    beacon = await startBeacon({ BEACON_FREEZE_FIRST_SLICE: '3' });
    for (let k = 0; k < 12; k++) {
      const body = subscriberBody([{ lat: 50.1 + k * 0.02, lon: 10.1 }], { channels: k % 3 === 0 ? ['sms', 'whatsapp'] : ['whatsapp'] });
      await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body).expect(201);
      inside.push(body.phone.slice(1));
    }
    await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(subscriberBody([{ lat: 52, lon: 12 }])).expect(201);
  });
  afterAll(() => beacon.close());

  it('reaches everyone in the area once, and completes only after the rest is frozen', async () => {
    const operator = await beacon.createOperator('Olu Operator', ['operator']);
    const approver = await beacon.createOperator('Ama Approver', ['approver']);
    const alert = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).send(alertBody()).expect(201)).body as AlertResponse;
    await beacon.http.post(`/api/v1/alerts/${alert.id}/submit`).set(beacon.auth(operator)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), alert.id);

    const done = await eventually(async () => {
      const body = (await beacon.http.get(`/api/v1/alerts/${alert.id}`).set(beacon.auth(approver)).expect(200)).body as AlertResponse;
      return body.state === 'completed' ? body : undefined;
    }, 60_000, 'the alert completed');
    expect(done.progress).toMatchObject({ targeted: 12, sent: 12, failed: 0 });

    const simulator = (await beacon.http.get('/simulator/messages').expect(200)).body as { messages: { to: string; type: string }[] };
    const sms = (await beacon.http.get('/simulator/sms/messages').expect(200)).body as { messages: { to: string }[] };
    const reached = [...simulator.messages.filter((m) => m.type === 'template').map((m) => m.to), ...sms.messages.map((m) => m.to.replace(/^\+/, ''))];
    expect(reached.sort()).toEqual([...inside].sort());

    const [run] = await sql<{ freeze_state: string; pending: number }>(
      `SELECT r.freeze_state, (SELECT count(*)::int FROM audience_freeze) AS pending FROM alert a JOIN dispatch_run r ON r.id = a.dispatch_run_id WHERE a.id = $1`,
      [alert.id],
    );
    expect(run).toEqual({ freeze_state: 'complete', pending: 0 });
    const audit = (await beacon.http.get('/api/v1/audit/events').query({ action: 'audience.frozen' }).set(beacon.auth(ADMIN_KEY)).expect(200)).body as unknown;
    expect(JSON.stringify(audit)).toContain('"added":9');
  });
});
