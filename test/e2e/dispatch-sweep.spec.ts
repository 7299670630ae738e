import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunSweeper } from '../../src/dispatch/run-sweeper.js';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { approveAlert } from '../support/alerts.js';
import { alertBody } from '../support/fixtures.js';
import { query, seedSubscribers } from './dispatch-support.js';

/**
 * Runs whose end nobody handled: their deliveries were finished behind Beacon's back, or the run was
 * marked completed but the process died before the alert was completed and the digest sealed.
 * No worker runs here (BEACON_WORKERS=false): only the sweep can move anything.
 */
describe('the sweep completes runs whose completion was lost', () => {
  let beacon: Beacon;
  let author: string;
  let approver: string;

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_WORKERS: 'false' });
    await seedSubscribers(beacon.db.url, 3);
    author = await beacon.createOperator('author', ['operator']);
    approver = await beacon.createOperator('approver', ['approver']);
  });
  afterAll(() => beacon.close());

  async function dispatchingAlert(): Promise<{ id: string; runId: string }> {
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), id);
    const [alert] = await query<{ state: string; dispatch_run_id: string }>(beacon.db.url, `SELECT state, dispatch_run_id FROM alert WHERE id = $1`, [id]);
    expect(alert?.state).toBe('dispatching');
    return { id, runId: alert!.dispatch_run_id };
  }

  /** Every delivery of the run delivered, by SQL: as if the sends and webhooks happened elsewhere. */
  const deliverBehindTheBack = (runId: string) =>
    query(
      beacon.db.url,
      `UPDATE delivery SET status = 'delivered', attempts = 1, provider_message_id = 'wamid.' || id, sent_at = now(), delivered_at = now() WHERE run_id = $1`,
      [runId],
    );

  const completed = (id: string) =>
    eventually(async () => {
      const { body } = await beacon.http.get(`/api/v1/alerts/${id}`).set(beacon.auth(approver)).expect(200);
      return (body as { state: string }).state === 'completed' ? true : undefined;
    }, 20_000, 'the alert to complete');

  const seals = (id: string) =>
    query<{ data: { runId: string; deliveries: number; deliveriesDigest: string } }>(
      beacon.db.url,
      `SELECT data FROM audit_event WHERE action = 'alert.dispatch_sealed' AND subject_id = $1`,
      [id],
    );

  it('completes a run whose deliveries were all finished behind its back, and seals it once', async () => {
    const { id, runId } = await dispatchingAlert();
    await deliverBehindTheBack(runId);
    await completed(id);
    const sealed = await seals(id);
    expect(sealed).toHaveLength(1);
    expect(sealed[0]!.data).toMatchObject({ runId, deliveries: 3 });
  });

  it('announces again a run marked completed whose alert was never completed; several sweeps seal it once', async () => {
    const { id, runId } = await dispatchingAlert();
    // The process completed the run, then died before its listener committed.
    await deliverBehindTheBack(runId);
    await query(beacon.db.url, `UPDATE dispatch_run SET state = 'completed', finished_at = now() - interval '1 minute' WHERE id = $1`, [runId]);

    const sweeper = beacon.app.get(RunSweeper);
    await Promise.all([sweeper.sweep(), sweeper.sweep(), sweeper.sweep()]);
    await completed(id);
    await Promise.all([sweeper.sweep(), sweeper.sweep()]);

    const sealed = await seals(id);
    expect(sealed).toHaveLength(1);
    expect(sealed[0]!.data).toMatchObject({ runId, deliveries: 3 });
    const [run] = await query<{ end_recorded_at: Date | null }>(beacon.db.url, `SELECT end_recorded_at FROM dispatch_run WHERE id = $1`, [runId]);
    expect(run?.end_recorded_at).not.toBeNull();
    const verify = await beacon.http.get('/api/v1/audit/verify').set(beacon.auth(ADMIN_KEY)).expect(200);
    expect((verify.body as { ok: boolean }).ok).toBe(true);
  });
});
