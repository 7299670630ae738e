import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { WhatsAppSimulator } from '../../src/channels/simulator/whatsapp-simulator.js';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';
import { approveAlert } from '../support/alerts.js';

describe('graceful shutdown', () => {
  let beacon: Beacon;
  let client: pg.Client;

  beforeAll(async () => {
    // Slow sends (300 ms each) at 40/s keep requests in flight when the shutdown starts.
    beacon = await startBeacon({ BEACON_SEND_RATE: '40', BEACON_SEND_BURST: '5', BEACON_SEND_CONCURRENCY: '8' });
    await beacon.http.put('/simulator/profile').send({ latencyMs: 300 }).expect(200);
    for (let i = 0; i < 60; i++) {
      await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(subscriberBody([{ lat: 50.1 + i / 200, lon: 10.1 }])).expect(201);
    }
    client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await beacon.db.drop();
  });

  it('lets requests in flight finish, records them, and hands back unsent leases', async () => {
    const author = await beacon.createOperator('author', ['operator']);
    const approver = await beacon.createOperator('approver', ['approver']);
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), id);
    const simulator = beacon.app.get(WhatsAppSimulator);
    await eventually(() => Promise.resolve(simulator.total() >= 5 ? true : undefined), 20_000, 'the first sends');

    await beacon.stopApp();

    const { rows } = await client.query<{ status: string; leased: boolean; n: string }>(
      `SELECT status, lease_owner IS NOT NULL AS leased, count(*) AS n FROM delivery GROUP BY 1, 2`,
    );
    const count = (status: string) => rows.filter((r) => r.status === status).reduce((sum, r) => sum + Number(r.n), 0);
    expect(rows.filter((r) => r.leased)).toEqual([]);
    expect(count('sending')).toBe(0);
    const accepted = count('sent') + count('delivered') + count('read');
    expect(accepted).toBe(simulator.total());
    expect(count('queued')).toBe(60 - accepted);
    expect(count('queued')).toBeGreaterThan(0);
  });
});
