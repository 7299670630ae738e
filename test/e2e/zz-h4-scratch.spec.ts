import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { approveAlert } from '../support/alerts.js';
import { alertBody } from '../support/fixtures.js';
import { buildWorker, busiestWindow, seedSubscribers, type SimulatorProcess, startSimulatorProcess, startWorker, type WorkerBuild, type WorkerProcess } from './dispatch-support.js';

const MESSAGES = 1000;
const RATE = 50;
const SENDERS = ['100000000000001', '100000000000002'];

interface SimulatedMessage {
  to: string;
  phoneNumberId: string;
  receivedAt: string;
  /** The pacing slot the request was sent in (Beacon's X-Beacon-Slot-At, database clock). */
  slotAt: number | null;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

describe('zz scratch', () => {
  let beacon: Beacon;
  let build: WorkerBuild;
  let simulator: SimulatorProcess;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const env = { WHATSAPP_PHONE_NUMBER_IDS: SENDERS.join(','), BEACON_SEND_RATE: String(RATE), BEACON_SEND_BURST: '1' };
    [beacon, build] = await Promise.all([startBeacon({ ...env, BEACON_WORKERS: 'false', SIMULATOR_READ_RATE: '0' }), buildWorker()]);
    await seedSubscribers(beacon.db.url, MESSAGES);
    // The simulator runs in a process of its own, so its receive times are not those of a busy API.
    simulator = await startSimulatorProcess(build, `${beacon.url}/webhooks/whatsapp`);
    for (let i = 0; i < 3; i++) {
      workers.push(
        await startWorker(build, {
          ...env,
          DATABASE_URL: beacon.db.url,
          WHATSAPP_API_BASE_URL: simulator.url,
          BEACON_CLAIM_BATCH: '50',
          BEACON_IDLE_POLL_MS: '50',
          NODE_OPTIONS: '--require /tmp/h4/hook.cjs',
        }),
      );
    }
  }, 120_000);
  afterAll(async () => {
    if (process.env.DISPATCH_DEBUG) for (const worker of workers) console.info(worker.output.join('').slice(-3000));
    (await import('node:fs')).writeFileSync('/tmp/h4/hook.txt', workers.map((w) => w.output.join('')).join('\n'));
    await Promise.all(workers.map((worker) => worker.kill('SIGTERM')));
    await simulator?.stop();
    await beacon?.close();
    await build?.remove();
  });

  it('send each message once, never before its slot, and keep every sender identity within 2% of its rate', async () => {
    const author = await beacon.createOperator('author', ['operator']);
    const approver = await beacon.createOperator('approver', ['approver']);
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), id);

    await eventually(async () => {
      const { body } = await beacon.http.get(`/api/v1/alerts/${id}`).set(beacon.auth(approver)).expect(200);
      return (body as { state: string }).state === 'completed' ? true : undefined;
    }, 150_000, 'the alert to complete');

    const { messages } = (await (await fetch(`${simulator.url}/messages`)).json()) as { messages: SimulatedMessage[] };
    expect(messages).toHaveLength(MESSAGES);
    expect(new Set(messages.map((m) => m.to)).size).toBe(MESSAGES);
    for (const sender of SENDERS) {
      const sent = messages.filter((m) => m.phoneNumberId === sender);
      expect(sent.length).toBeGreaterThan(MESSAGES / 4);
      const slots = sent.map((m) => m.slotAt);
      expect(slots.every((slot) => typeof slot === 'number')).toBe(true);
      const slotTimes = slots as number[];
      // One slot per message, across the three processes.
      expect(new Set(slotTimes).size).toBe(sent.length);
      // Never sent before its slot (same machine, one clock; the simulator stamps whole milliseconds).
      const lateness = sent.map((m) => Date.parse(m.receivedAt) - m.slotAt!);
      expect(Math.min(...lateness)).toBeGreaterThanOrEqual(-1);
      // The bound, in every sliding one-second window of the slots the simulator saw.
      const busiest = busiestWindow(slotTimes);
      // Receive times add the transport's and the simulator's delays on a shared machine: shown, not asserted.
      const received = busiestWindow(sent.map((m) => Date.parse(m.receivedAt)));
      console.info(
        `sender ${sender}: ${sent.length} messages; busiest one-second window of slots ${busiest} (rate ${RATE}/s, allowed ${Math.floor(RATE * 1.02)}); ` +
          `of receive times ${received}; received after the slot by p50 ${percentile(lateness, 0.5).toFixed(0)} ms, p99 ${percentile(lateness, 0.99).toFixed(0)} ms`,
      );
      expect(busiest).toBeLessThanOrEqual(Math.floor(RATE * 1.02));
    }
  }, 180_000);
});
