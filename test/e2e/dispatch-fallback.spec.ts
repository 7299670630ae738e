import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody } from '../support/fixtures.js';
import { approveAlert } from '../support/alerts.js';
import { query, seedSubscribers } from './dispatch-support.js';

interface Progress {
  targeted: number;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  fallbacks: number;
}

interface DeliveryRow {
  recipient: string;
  channel: string;
  status: string;
  fallback_of: string | null;
}

describe('channel fallback', () => {
  let beacon: Beacon;
  let author: string;
  let approver: string;

  beforeAll(async () => {
    // Unconfirmed sends fall back after one second.
    beacon = await startBeacon({ BEACON_FALLBACK_AFTER_SECONDS: '1', SIMULATOR_READ_RATE: '0' });
    author = await beacon.createOperator('author', ['operator']);
    approver = await beacon.createOperator('approver', ['approver']);
  });
  afterAll(() => beacon.close());

  /** Seeds this case's people (earlier cases' people leave), dispatches an alert and waits for it to complete. */
  async function dispatchTo(
    people: { prefix: string; count: number; channels: string[] }[],
    alert: Parameters<typeof alertBody>[0] = {},
  ): Promise<{ progress: Progress; rows: DeliveryRow[] }> {
    await query(beacon.db.url, `UPDATE subscriber SET status = 'stopped', stopped_at = now() WHERE status = 'active'`);
    for (const group of people) await seedSubscribers(beacon.db.url, group.count, group.prefix, group.channels);
    await beacon.http.delete('/simulator/messages').expect(200);
    await beacon.http.delete('/simulator/sms/messages').expect(200);
    const { id } = (await beacon.http.post('/api/v1/alerts').set(beacon.auth(author)).send(alertBody(alert)).expect(201)).body as { id: string };
    await beacon.http.post(`/api/v1/alerts/${id}/submit`).set(beacon.auth(author)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), id);
    const done = await eventually(async () => {
      const { body } = await beacon.http.get(`/api/v1/alerts/${id}`).set(beacon.auth(approver)).expect(200);
      const alert = body as { state: string; progress: Progress };
      return alert.state === 'completed' ? alert : undefined;
    }, 60_000, 'the alert to complete');
    const rows = await query<DeliveryRow>(
      beacon.db.url,
      `SELECT d.recipient, d.channel, d.status, d.fallback_of::text FROM delivery d JOIN alert a ON a.dispatch_run_id = d.run_id WHERE a.id = $1 ORDER BY d.id`,
      [id],
    );
    return { progress: done.progress, rows };
  }

  async function smsRecipients(): Promise<string[]> {
    const { body } = await beacon.http.get('/simulator/sms/messages').expect(200);
    return (body as { messages: { to: string }[] }).messages.map((m) => m.to).sort();
  }

  it('sends a WhatsApp permanent failure on by SMS; a person with no second channel ends failed', async () => {
    // Every WhatsApp message is accepted, then reported failed (131026 undeliverable) by webhook.
    await beacon.http.put('/simulator/profile').send({ permanentFailureRate: 1, deliverDelayMs: 10 }).expect(200);
    const { progress, rows } = await dispatchTo([
      { prefix: '+4471', count: 3, channels: ['whatsapp', 'sms'] },
      { prefix: '+4472', count: 2, channels: ['whatsapp'] },
    ]);

    expect(await smsRecipients()).toEqual(['+447100000001', '+447100000002', '+447100000003']);
    const byRecipient = (recipient: string) => rows.filter((r) => r.recipient === recipient).map((r) => `${r.channel}:${r.status}`);
    expect(byRecipient('+447100000001')).toEqual(['whatsapp:failed', 'sms:delivered']);
    expect(byRecipient('+447200000001')).toEqual(['whatsapp:failed']);
    expect(rows.filter((r) => r.fallback_of !== null).every((r) => r.channel === 'sms')).toBe(true);
    expect(progress).toMatchObject({ targeted: 5, fallbacks: 3, failed: 5, delivered: 3, queued: 0 });
  });

  it("does not fall back onto a channel the alert's filter excluded", async () => {
    await beacon.http.put('/simulator/profile').send({ permanentFailureRate: 1, deliverDelayMs: 10 }).expect(200);
    const { progress, rows } = await dispatchTo([{ prefix: '+4475', count: 3, channels: ['whatsapp', 'sms'] }], { filters: { channels: ['whatsapp'] } });

    expect(await smsRecipients()).toEqual([]);
    expect(rows.map((r) => `${r.channel}:${r.status}`)).toEqual(['whatsapp:failed', 'whatsapp:failed', 'whatsapp:failed']);
    expect(progress).toMatchObject({ targeted: 3, fallbacks: 0, failed: 3 });
  });

  it('sends by SMS when WhatsApp has not confirmed delivery in time', async () => {
    // Accepted and `sent`, but `delivered` never comes within the test.
    await beacon.http.put('/simulator/profile').send({ permanentFailureRate: 0, deliverDelayMs: 600_000 }).expect(200);
    const { progress, rows } = await dispatchTo([
      { prefix: '+4473', count: 3, channels: ['whatsapp', 'sms'] },
      { prefix: '+4474', count: 2, channels: ['whatsapp'] },
    ]);

    expect(await smsRecipients()).toEqual(['+447300000001', '+447300000002', '+447300000003']);
    const byRecipient = (recipient: string) => rows.filter((r) => r.recipient === recipient).map((r) => `${r.channel}:${r.status}`);
    expect(byRecipient('+447300000002')).toEqual(['whatsapp:sent', 'sms:delivered']);
    // Nothing to fall back to: the run does not wait for this confirmation.
    expect(byRecipient('+447400000002')).toEqual(['whatsapp:sent']);
    expect(progress).toMatchObject({ targeted: 5, fallbacks: 3, sent: 8, delivered: 3, failed: 0 });
  });
});
