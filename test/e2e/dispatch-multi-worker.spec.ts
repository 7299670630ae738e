import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody } from '../support/fixtures.js';
import { buildWorker, busiestWindow, query, seedSubscribers, startWorker, type WorkerBuild, type WorkerProcess } from './dispatch-support.js';

const MESSAGES = 1000;
const RATE = 50;
const SENDERS = ['100000000000001', '100000000000002'];

interface SimulatedMessage {
  to: string;
  phoneNumberId: string;
  receivedAt: string;
}

describe('three worker processes on one queue', () => {
  let beacon: Beacon;
  let build: WorkerBuild;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const env = { WHATSAPP_PHONE_NUMBER_IDS: SENDERS.join(','), BEACON_SEND_RATE: String(RATE), BEACON_SEND_BURST: '1' };
    [beacon, build] = await Promise.all([startBeacon({ ...env, BEACON_WORKERS: 'false', SIMULATOR_READ_RATE: '0' }), buildWorker()]);
    await seedSubscribers(beacon.db.url, MESSAGES);
    for (let i = 0; i < 3; i++) {
      workers.push(
        await startWorker(build, {
          ...env,
          DATABASE_URL: beacon.db.url,
          WHATSAPP_API_BASE_URL: `${beacon.url}/simulator/whatsapp`,
          BEACON_CLAIM_BATCH: '50',
          BEACON_IDLE_POLL_MS: '50',
        }),
      );
    }
  }, 120_000);
  afterAll(async () => {
    if (process.env.DISPATCH_DEBUG) for (const worker of workers) console.info(worker.output.join('').slice(-3000));
    await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
    await beacon?.close();
    await build?.remove();
  });

  it('send each message once and keep every sender identity within its rate', async () => {
    const author = await beacon.createOperator('author', ['operator']);
    const approver = await beacon.createOperator('approver', ['approver']);
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    await beacon.http.post(`/api/v1/alerts/${id}/approve`).set(beacon.auth(approver)).expect(200);

    await eventually(async () => {
      const { body } = await beacon.http.get(`/api/v1/alerts/${id}`).set(beacon.auth(approver)).expect(200);
      const alert = body as { state: string; progress: { sent: number } };
      return alert.state === 'completed' ? alert : undefined;
    }, 120_000, 'the alert to complete');

    const { messages } = (await beacon.http.get('/simulator/messages').expect(200)).body as { messages: SimulatedMessage[] };
    expect(messages).toHaveLength(MESSAGES);
    expect(new Set(messages.map((m) => m.to)).size).toBe(MESSAGES);
    for (const sender of SENDERS) {
      const times = messages.filter((m) => m.phoneNumberId === sender).map((m) => Date.parse(m.receivedAt));
      expect(times.length).toBeGreaterThan(MESSAGES / 4);
      const busiest = busiestWindow(times);
      if (process.env.DISPATCH_DEBUG) {
        const t0 = Math.min(...times);
        const hist = new Map<number, number>();
        for (const t of times) hist.set(Math.floor((t - t0) / 100), (hist.get(Math.floor((t - t0) / 100)) ?? 0) + 1);
        console.info(JSON.stringify(await query(beacon.db.url, `SELECT sender_id, next_free_at, rate, back_offs, (SELECT min(sent_at) FROM delivery) AS first_sent, (SELECT max(sent_at) FROM delivery) AS last_sent FROM sender_pacing`)));
        console.info([...hist].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}:${v}`).join(' '));
      }
      console.info(`sender ${sender}: ${times.length} messages, busiest one-second window ${busiest} (rate ${RATE}/s)`);
      expect(busiest).toBeLessThanOrEqual(Math.floor(RATE * 1.02));
    }
  }, 150_000);
});
