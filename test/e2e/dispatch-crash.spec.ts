import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhatsAppSimulator } from '../../src/channels/simulator/whatsapp-simulator.js';
import { eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody } from '../support/fixtures.js';
import { buildWorker, query, seedSubscribers, startWorker, type WorkerBuild, type WorkerProcess } from './dispatch-support.js';
import { approveAlert } from '../support/alerts.js';

// The size; DISPATCH_CRASH_MESSAGES changes it (e.g. smaller while iterating).
const MESSAGES = Number(process.env.DISPATCH_CRASH_MESSAGES ?? 20_000);
const KILLS = 3;

interface SimulatedMessage {
  to: string;
  callbackData: string;
}

describe('a worker killed with SIGKILL three times', () => {
  let beacon: Beacon;
  let build: WorkerBuild;
  let worker: WorkerProcess | undefined;
  const workerEnv = () => ({
    DATABASE_URL: beacon.db.url,
    WHATSAPP_API_BASE_URL: `${beacon.url}/simulator/whatsapp`,
    BEACON_SEND_RATE: '5000',
    BEACON_SEND_BURST: '50',
    BEACON_SEND_CONCURRENCY: '64',
    BEACON_CLAIM_BATCH: '500',
    BEACON_LEASE_SECONDS: '2',
    BEACON_IDLE_POLL_MS: '50',
  });

  beforeAll(async () => {
    [beacon, build] = await Promise.all([startBeacon({ BEACON_WORKERS: 'false', SIMULATOR_READ_RATE: '0' }), buildWorker()]);
    await seedSubscribers(beacon.db.url, MESSAGES);
  }, 120_000);
  afterAll(async () => {
    if (process.env.DISPATCH_DEBUG) console.info(worker?.output.join('').slice(-3000));
    await worker?.kill('SIGKILL');
    await beacon?.close();
    await build?.remove();
  });

  it('loses nothing, and sends twice only what was in flight at a kill, counted', async () => {
    const author = await beacon.createOperator('author', ['operator']);
    const approver = await beacon.createOperator('approver', ['approver']);
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    // The audience may still be freezing in stages after the approval: the targeted count is checked at the end.
    await approveAlert(beacon.http, beacon.auth(approver), id);

    const simulator = beacon.app.get(WhatsAppSimulator);
    // Kill points spread over the run, each at a random moment within its stretch.
    const killAt = Array.from({ length: KILLS }, (_, i) => Math.floor(((i + 0.2 + Math.random() * 0.6) / (KILLS + 1)) * MESSAGES));
    worker = await startWorker(build, workerEnv());
    const started = Date.now();
    for (const threshold of killAt) {
      await eventually(() => Promise.resolve(simulator.total() >= threshold ? true : undefined), 60_000, `${threshold} sends`);
      await worker.kill('SIGKILL');
      if (process.env.DISPATCH_DEBUG) console.info(`killed at ${simulator.total()} after ${Date.now() - started} ms`);
      worker = await startWorker(build, workerEnv());
    }

    await eventually(async () => {
      const [row] = await query<{ waiting: string }>(beacon.db.url, `SELECT count(*) AS waiting FROM delivery WHERE status IN ('queued', 'sending')`);
      return row?.waiting === '0' ? true : undefined;
    }, 90_000, 'every delivery sent');
    await beacon.http.post('/simulator/drain').expect(200);
    const { messages, total } = (await beacon.http.get('/simulator/messages').expect(200)).body as { messages: SimulatedMessage[]; total: number };

    const sends = new Map<string, number>();
    for (const message of messages) sends.set(message.to, (sends.get(message.to) ?? 0) + 1);
    const duplicated = [...sends].filter(([, n]) => n > 1);
    const extraSends = duplicated.reduce((sum, [, n]) => sum + n - 1, 0);

    const rows = await query<{ recipient: string; status: string; lease_takeovers: number; unknown_outcomes: number }>(
      beacon.db.url,
      `SELECT recipient, status, lease_takeovers, unknown_outcomes FROM delivery`,
    );
    const uncertain = new Set(rows.filter((r) => r.lease_takeovers > 0 || r.unknown_outcomes > 0).map((r) => r.recipient.slice(1)));
    const takeovers = rows.reduce((sum, r) => sum + r.lease_takeovers, 0);
    console.info(`kills at ${killAt.join(', ')} sends; ${total} requests accepted; ${takeovers} leases taken over; ${extraSends} sent twice`);

    // Every targeted subscriber received the alert.
    expect(sends.size).toBe(MESSAGES);
    expect(rows.every((r) => sends.has(r.recipient.slice(1)))).toBe(true);
    // Nobody twice unless their send was in flight at a kill (a lease taken over), and no more often than counted.
    for (const [to] of duplicated) expect(uncertain.has(to)).toBe(true);
    expect(extraSends).toBeLessThanOrEqual(takeovers);
    expect(total).toBe(MESSAGES + extraSends);

    // Beacon's counts equal the simulator's.
    const { body } = await beacon.http.get(`/api/v1/alerts/${id}`).set(beacon.auth(approver)).expect(200);
    const progress = (body as { progress: { targeted: number; queued: number; sent: number; delivered: number; failed: number } }).progress;
    expect(progress).toMatchObject({ targeted: MESSAGES, queued: 0, sent: sends.size, failed: 0 });
    await eventually(async () => {
      const [row] = await query<{ delivered: string }>(beacon.db.url, `SELECT count(*) AS delivered FROM delivery WHERE delivered_at IS NOT NULL`);
      return row?.delivered === String(sends.size) ? true : undefined;
    }, 30_000, 'every delivered webhook applied');
  }, 240_000);
});
