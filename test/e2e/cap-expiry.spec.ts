import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { subscriberBody } from '../support/fixtures.js';
import { readSample, type ImportedAlertBody } from './cap-support.js';
import { approveAlert } from '../support/alerts.js';

interface Progress {
  targeted: number;
  queued: number;
  sent: number;
  failed: number;
}

describe('expiry: nothing is sent after an alert expires', () => {
  let beacon: Beacon;
  let client: pg.Client;

  beforeAll(async () => {
    // One message at a time, one every ten seconds: the rest wait in the queue while the alert expires.
    beacon = await startBeacon({ BEACON_SEND_RATE: '0.1', BEACON_SEND_BURST: '1', BEACON_CLAIM_BATCH: '1' });
    client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await beacon.close();
  });

  it('a dispatch whose expiry passes fails what still waits as alert_expired, and the alert completes', async () => {
    const operator = await beacon.createOperator('Ines Operator', ['operator']);
    const approver = await beacon.createOperator('Sam Approver', ['approver']);
    // Inside the flash flood polygon over Atlanta.
    for (let i = 0; i < 6; i += 1) {
      await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(subscriberBody([{ lat: 33.8 + i * 0.005, lon: -84.45 }])).expect(201);
    }
    const xml = readSample('tannerryan_NWS_FlashFloodWarning.xml').replace('<expires>2026-09-12T15:45:00-04:00</expires>', '<expires>2099-09-12T15:45:00-04:00</expires>');
    const imported = await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).set('Content-Type', 'application/cap+xml').send(xml).expect(201);
    const id = (imported.body as ImportedAlertBody).id;
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(operator)).expect(200);
    const approved = await approveAlert(beacon.http, beacon.auth(approver), id);
    expect((approved.body as { progress: Progress }).progress.targeted).toBe(6);

    const { rows } = await client.query<{ expires_at: Date }>(`SELECT r.expires_at FROM dispatch_run r JOIN alert a ON a.dispatch_run_id = r.id WHERE a.id = $1`, [id]);
    expect(rows[0]!.expires_at).toEqual(new Date('2099-09-12T19:45:00Z'));
    // The expiry passes now (moved in the database rather than waiting for the clock).
    await client.query(`UPDATE dispatch_run SET expires_at = now() WHERE id = (SELECT dispatch_run_id FROM alert WHERE id = $1)`, [id]);

    const done = await eventually(
      async () => {
        const response = await beacon.http.get(`/api/v1/alerts/${id}`).set(beacon.auth(approver)).expect(200);
        const alert = response.body as { state: string; progress: Progress };
        return alert.state === 'completed' ? alert.progress : undefined;
      },
      60_000,
      'the expired dispatch to end',
    );
    // At most the first message and the one in flight were sent; the others never were.
    expect(done.sent).toBeLessThanOrEqual(2);
    expect(done.failed).toBe(6 - done.sent);
    const expired = await client.query<{ count: string }>(`SELECT count(*) FROM delivery WHERE error_code = 'alert_expired'`);
    expect(Number(expired.rows[0]!.count)).toBe(done.failed);
  });
});
