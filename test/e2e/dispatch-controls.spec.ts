import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WhatsAppSimulator } from '../../src/channels/simulator/whatsapp-simulator.js';
import { eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody } from '../support/fixtures.js';
import { query, seedSubscribers } from './dispatch-support.js';
import { approveAlert } from '../support/alerts.js';

interface Progress {
  targeted: number;
  queued: number;
  sent: number;
  failed: number;
}

interface DeliveryPage {
  deliveries: { id: string; recipient: string; status: string }[];
  nextCursor: string | null;
}

/** Reads a Server-Sent Events stream to its end and returns the `data` of each event. */
function readEvents(url: string, key: string): Promise<{ type: string; data: { state: string; progress: Progress } }[]> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { Authorization: `Bearer ${key}`, Accept: 'text/event-stream' } }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => {
        const events = text
          .split('\n\n')
          .filter((block) => block.includes('data:'))
          .map((block) => {
            const type = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
            const data = JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as { state: string; progress: Progress };
            return { type, data };
          });
        resolve(events);
      });
    });
    request.on('error', reject);
  });
}

/** The value once it has stopped changing for 20 polls in a row (about a second). */
async function quiet(read: () => number): Promise<number> {
  let last = read();
  let same = 0;
  return eventually(() => {
    const now = read();
    same = now === last ? same + 1 : 0;
    last = now;
    return Promise.resolve(same >= 20 ? now : undefined);
  }, 20_000, 'sends to stop');
}

describe('operator controls of a dispatch', () => {
  let beacon: Beacon;
  let author: string;
  let approver: string;
  let auditor: string;

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_SEND_RATE: '100', BEACON_SEND_BURST: '1', BEACON_CLAIM_BATCH: '20' });
    await seedSubscribers(beacon.db.url, 300);
    author = await beacon.createOperator('author', ['operator']);
    approver = await beacon.createOperator('approver', ['approver']);
    auditor = await beacon.createOperator('auditor', ['auditor']);
  });
  afterAll(() => beacon.close());

  async function dispatchAlert(): Promise<string> {
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), id);
    return id;
  }

  it('pauses, resumes and aborts, audited; abort stops sends within a second', async () => {
    const simulator = beacon.app.get(WhatsAppSimulator);
    simulator.reset();
    const id = await dispatchAlert();
    await eventually(() => Promise.resolve(simulator.total() >= 20 ? true : undefined), 20_000, 'the first sends');

    const paused = await beacon.http.post(`/api/v1/alerts/${id}/pause`).set(beacon.auth(approver)).send({ reason: 'check the text' }).expect(200);
    expect(paused.body).toMatchObject({ alertId: id, state: 'paused' });
    await beacon.http.post(`/api/v1/alerts/${id}/pause`).set(beacon.auth(approver)).send({}).expect(409);
    const atPause = simulator.total();
    // At 100/s, "stops within a second" means fewer than 100 more sends, counting those in flight.
    const settled = await quiet(() => simulator.total());
    expect(settled - atPause).toBeLessThan(100);

    await beacon.http.post(`/api/v1/alerts/${id}/resume`).set(beacon.auth(author)).send({}).expect(200);
    await eventually(() => Promise.resolve(simulator.total() > settled + 20 ? true : undefined), 20_000, 'sends after resume');

    await beacon.http.post(`/api/v1/alerts/${id}/abort`).set(beacon.auth(author)).send({ reason: 'wrong area' }).expect(200);
    const atAbort = simulator.total();
    const afterAbort = await quiet(() => simulator.total());
    expect(afterAbort - atAbort).toBeLessThan(100);
    expect(afterAbort).toBeLessThan(300);
    await eventually(async () => {
      const { body } = await beacon.http.get(`/api/v1/alerts/${id}`).set(beacon.auth(auditor)).expect(200);
      const progress = (body as { progress: Progress }).progress;
      return progress.queued === 0 ? progress : undefined;
    }, 10_000, 'the abort to settle');
    const rows = await query<{ status: string; n: string }>(beacon.db.url, `SELECT status, count(*) AS n FROM delivery GROUP BY status`);
    const aborted = await query<{ n: string }>(beacon.db.url, `SELECT count(*) AS n FROM delivery WHERE error_code = 'run_aborted'`);
    expect(Number(aborted[0]?.n)).toBe(300 - simulator.total());
    expect(rows.find((r) => r.status === 'sending')).toBeUndefined();

    const audit = await beacon.http.get('/api/v1/audit/events').query({ subjectId: id }).set(beacon.auth(auditor)).expect(200);
    const actions = JSON.stringify(audit.body);
    for (const action of ['alert.dispatch_paused', 'alert.dispatch_resumed', 'alert.dispatch_aborted']) expect(actions).toContain(action);
  });

  it('refuses controls to auditors and on alerts that are not dispatching', async () => {
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody()).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${id}/pause`).set(beacon.auth(auditor)).send({}).expect(403);
    const refused = await beacon.http.post(`/api/v1/alerts/${id}/pause`).set(beacon.auth(author)).send({}).expect(409);
    expect(refused.body).toMatchObject({ error: { code: 'alert.not_dispatched' } });
    await beacon.http.post(`/api/v1/alerts/${id}/pause`).set(beacon.auth(author)).send({ extra: 1 }).expect(400);
    const missing = await beacon.http.get('/api/v1/alerts/00000000-0000-4000-8000-000000000000/progress/stream').set(beacon.auth(auditor)).expect(404);
    expect(missing.body).toMatchObject({ error: { code: 'alert.not_found' } });
    await beacon.http.get(`/api/v1/alerts/${id}/progress/stream`).set(beacon.auth(auditor)).expect(409);
    await beacon.http.get(`/api/v1/alerts/${id}/deliveries`).set(beacon.auth(auditor)).expect(409);
  });

  it('streams progress as Server-Sent Events until the run ends, and pages the deliveries', async () => {
    const id = await dispatchAlert();
    const events = await readEvents(`${beacon.url}/api/v1/alerts/${id}/progress/stream`, auditor);
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((event) => event.type === 'progress')).toBe(true);
    const last = events.at(-1)!.data;
    expect(last.state).toBe('completed');
    expect(last.progress).toMatchObject({ targeted: 300, queued: 0, sent: 300 });

    const seen = new Set<string>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: DeliveryPage = (await beacon.http.get(`/api/v1/alerts/${id}/deliveries`).query({ limit: 70, ...(cursor ? { cursor } : {}) }).set(beacon.auth(author)).expect(200)).body as DeliveryPage;
      for (const delivery of page.deliveries) {
        expect(seen.has(delivery.id)).toBe(false);
        seen.add(delivery.id);
        expect(delivery.recipient).toMatch(/^\+44\*+\d\d$/);
      }
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen.size).toBe(300);
    expect(pages).toBe(5);

    const full = (await beacon.http.get(`/api/v1/alerts/${id}/deliveries`).query({ limit: 5, status: 'read', channel: 'whatsapp' }).set(beacon.auth(auditor)).expect(200)).body as DeliveryPage;
    expect(full.deliveries).toHaveLength(5);
    expect(full.deliveries[0]!.recipient).toMatch(/^\+4479\d{8}$/);
    expect(full.deliveries.every((d) => d.status === 'read')).toBe(true);
    await beacon.http.get(`/api/v1/alerts/${id}/deliveries`).query({ cursor: 'bogus' }).set(beacon.auth(auditor)).expect(400);
  });
});
