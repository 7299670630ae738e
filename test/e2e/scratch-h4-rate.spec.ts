// TEMPORARY (H4): rate-bound diagnosis; not part of the suite.
import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { approveAlert } from '../support/alerts.js';
import { alertBody } from '../support/fixtures.js';
import { buildWorker, busiestWindow, query, seedSubscribers, startWorker, type WorkerBuild, type WorkerProcess } from './dispatch-support.js';

const MESSAGES = 1000;
const RATE = 50;
const SENDERS = ['100000000000001', '100000000000002'];

describe('scratch rate', () => {
  let beacon: Beacon;
  let build: WorkerBuild;
  const workers: WorkerProcess[] = [];
  beforeAll(async () => {
    const env = { WHATSAPP_PHONE_NUMBER_IDS: SENDERS.join(','), BEACON_SEND_RATE: String(RATE), BEACON_SEND_BURST: '1' };
    [beacon, build] = await Promise.all([startBeacon({ ...env, BEACON_WORKERS: 'false', SIMULATOR_READ_RATE: '0' }), buildWorker()]);
    await seedSubscribers(beacon.db.url, MESSAGES);
    for (let i = 0; i < 3; i++) {
      workers.push(await startWorker(build, { ...env, BEACON_TRACE_SLOTS: '1', DATABASE_URL: beacon.db.url, WHATSAPP_API_BASE_URL: `${beacon.url}/simulator/whatsapp`, BEACON_CLAIM_BATCH: '50', BEACON_IDLE_POLL_MS: '50' }));
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
    await beacon?.close();
    await build?.remove();
  });
  it('traces', async () => {
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const author = await beacon.createOperator('author', ['operator']);
    const approver = await beacon.createOperator('approver', ['approver']);
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), id);
    const dbg = setInterval(() => {
      void query(beacon.db.url, `SELECT status, count(*)::int AS n, count(fallback_due_at)::int AS due FROM delivery GROUP BY status`).then((r) => console.info(JSON.stringify(r)));
      void query(beacon.db.url, `SELECT state FROM dispatch_run`).then((r) => console.info(JSON.stringify(r)));
    }, 5000);
    await eventually(async () => {
      const { body } = await beacon.http.get(`/api/v1/alerts/${id}`).set(beacon.auth(approver)).expect(200);
      return (body as { state: string }).state === 'completed' ? true : undefined;
    }, 120_000, 'complete');
    clearInterval(dbg);
    loopDelay.disable();
    const { messages } = (await beacon.http.get('/simulator/messages').expect(200)).body as { messages: { callbackData: string; phoneNumberId: string; receivedAt: string }[] };
    const traces = workers.flatMap((w, wi) => w.output.join('').split('\n').filter((l) => l.startsWith('TRACE ')).map((l) => ({ worker: wi, ...(JSON.parse(l.slice(6)) as object) })));
    const file = `/tmp/h4/trace-${Date.now()}.json`;
    writeFileSync(file, JSON.stringify({ stallMs: loopDelay.max / 1e6, messages, traces }));
    for (const s of SENDERS) console.info(s, busiestWindow(messages.filter((m) => m.phoneNumberId === s).map((m) => Date.parse(m.receivedAt))), file);
    expect(messages.length).toBe(MESSAGES);
  }, 150_000);
});
