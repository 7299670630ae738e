import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { TwilioSignature } from '../../src/channels/sms/twilio-signature.js';
import type { AlertReport } from '../../src/receipts/report/report.view.js';
import type { TallyView } from '../../src/receipts/responses/responses.service.js';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';
import { approveAlert } from '../support/alerts.js';

interface SimSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  segments: number;
  statusCallback: string | null;
}

describe('SMS channel, signed status callbacks and the per-alert report', () => {
  let beacon: Beacon;
  let operator: string;
  let auditor: string;
  let alertId: string;
  const whatsapp = [
    subscriberBody([{ lat: 50.2, lon: 10.2 }]),
    subscriberBody([{ lat: 50.25, lon: 10.25 }]),
    subscriberBody([{ lat: 50.3, lon: 10.3 }], { language: 'es' }),
  ];
  const sms = [subscriberBody([{ lat: 50.7, lon: 10.7 }], { channels: ['sms', 'whatsapp'], language: 'es' }), subscriberBody([{ lat: 50.8, lon: 10.8 }], { channels: ['sms'] })];

  async function smsMessages(): Promise<SimSms[]> {
    return ((await beacon.http.get('/simulator/sms/messages').expect(200)).body as { messages: SimSms[] }).messages;
  }

  async function report(): Promise<AlertReport> {
    return (await beacon.http.get(`/api/v1/alerts/${alertId}/report`).set(beacon.auth(auditor)).expect(200)).body as AlertReport;
  }

  beforeAll(async () => {
    beacon = await startBeacon({ SMS_MAX_SEGMENTS: '1' });
    operator = await beacon.createOperator('Olu Operator', ['operator']);
    const approver = await beacon.createOperator('Ada Approver', ['approver']);
    auditor = await beacon.createOperator('Aud Auditor', ['auditor']);
    for (const body of [...whatsapp, ...sms]) await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body).expect(201);
    const long = 'Flood warning: move to higher ground now. '.repeat(6);
    alertId = ((await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).send(alertBody({ texts: { en: long, es: 'Alerta de inundación: suba a terreno elevado ahora.' } })).expect(201)).body as { id: string }).id;
    await beacon.http.post(`/api/v1/alerts/${alertId}/submit`).set(beacon.auth(operator)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), alertId);
  });
  afterAll(() => beacon.close());

  it('sends SMS to people who prefer it, as Twilio forms, cut to the segment cap', async () => {
    const sent = await eventually(async () => {
      const messages = await smsMessages();
      return messages.length === 2 ? messages : undefined;
    }, 50_000, 'two SMS');
    const english = sent.find((m) => m.to === sms[1]!.phone)!;
    expect(english.segments).toBe(1);
    expect(english.body.endsWith('...')).toBe(true);
    expect(english.statusCallback).toMatch(/\/webhooks\/sms\/status\?d=\d+$/);
    expect(sent.find((m) => m.to === sms[0]!.phone)!.body).toBe('Alerta de inundación: suba a terreno elevado ahora.');
  });

  it('reports reached, delivered, read, by channel and language, with latency percentiles', async () => {
    const done = await eventually(async () => {
      const current = await report();
      return current.totals.read === 3 && current.totals.delivered === 5 ? current : undefined;
    }, 50_000, 'every message delivered');
    expect(done.reached).toBe(5);
    expect(done.totals).toEqual({ targeted: 5, pending: 0, sent: 5, delivered: 5, read: 3, failed: 0 });
    expect(done.byChannel.sort((a, b) => a.channel.localeCompare(b.channel))).toEqual([
      { channel: 'sms', targeted: 2, pending: 0, sent: 2, delivered: 2, read: 0, failed: 0 },
      { channel: 'whatsapp', targeted: 3, pending: 0, sent: 3, delivered: 3, read: 3, failed: 0 },
    ]);
    expect(done.byLanguage.sort((a, b) => a.language.localeCompare(b.language)).map((l) => [l.language, l.targeted])).toEqual([
      ['en', 3],
      ['es', 2],
    ]);
    for (const key of ['sent', 'delivered', 'read'] as const) {
      const p = done.latencyMs[key];
      expect(p.p50).not.toBeNull();
      expect(p.p50!).toBeLessThanOrEqual(p.p90!);
      expect(p.p90!).toBeLessThanOrEqual(p.p99!);
    }
  });

  it('applies a signed undelivered callback forward-only, and lists the failure by reason', async () => {
    const target = (await smsMessages()).find((m) => m.to === sms[1]!.phone)!;
    const signature = new TwilioSignature('simulator-auth-token');
    const url = `${beacon.url}${new URL(target.statusCallback!).pathname}${new URL(target.statusCallback!).search}`;
    const params = { MessageSid: target.sid, MessageStatus: 'undelivered', ErrorCode: '30005', To: target.to, From: target.from, AccountSid: 'AC00000000000000000000000000000000' };
    // A bad signature changes nothing.
    await beacon.http.post(url.slice(beacon.url.length)).type('form').set('x-twilio-signature', signature.sign(url, { ...params, ErrorCode: '1' })).send(params).expect(401);
    await beacon.http.post(url.slice(beacon.url.length)).type('form').send(params).expect(401);
    // Delivered already: a late 'undelivered' cannot move it back.
    await beacon.http.post(url.slice(beacon.url.length)).type('form').set('x-twilio-signature', signature.sign(url, params)).send(params).expect(200);
    expect((await report()).totals.failed).toBe(0);

    const client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
    await client.query(`UPDATE delivery SET status = 'sent', delivered_at = NULL WHERE provider_message_id = $1`, [target.sid]);
    await client.end();
    await beacon.http.post(url.slice(beacon.url.length)).type('form').set('x-twilio-signature', signature.sign(url, params)).send(params).expect(200);
    const after = await report();
    expect(after.totals.failed).toBe(1);
    expect(after.failedByReason).toEqual([{ code: 'sms:30005', count: 1, example: 'Unknown destination handset' }]);
  });

  it('takes SMS replies: HELP in Spanish is recorded against the alert and acknowledged by SMS', async () => {
    const person = sms[0]!;
    const reply = await beacon.http.post('/simulator/sms/inbound').send({ from: person.phone, body: 'Ayuda' }).expect(200);
    expect((reply.body as { accepted: boolean }).accepted).toBe(true);
    const tally = (await beacon.http.get(`/api/v1/alerts/${alertId}/responses`).set(beacon.auth(operator)).expect(200)).body as TallyView;
    expect(tally).toMatchObject({ help: 1, safe: 0 });
    const ack = await eventually(async () => (await smsMessages()).find((m) => m.to === person.phone && m.statusCallback === null), 15_000, 'the SMS acknowledgement');
    expect(ack.body).toMatch(/^Hemos recibido su petición de ayuda/);
    expect((await report()).responses).toEqual({ safe: 0, help: 1, responded: 1 });
  });

  it('refuses an unsigned incoming SMS', async () => {
    await beacon.http.post('/webhooks/sms/inbound').type('form').send({ MessageSid: 'SMx', From: sms[0]!.phone, Body: 'STOP' }).expect(401);
  });
});
