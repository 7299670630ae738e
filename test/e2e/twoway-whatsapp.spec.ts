import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { WebhookSignature } from '../../src/channels/whatsapp/webhook-signature.js';
import type { HelpRequestView, TallyView } from '../../src/receipts/responses/responses.service.js';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';
import { approveAlert } from '../support/alerts.js';

interface SimMessage {
  id: string;
  type: 'template' | 'text';
  to: string;
  text: string;
}

describe('two-way WhatsApp: keywords, responses, acknowledgements', () => {
  let beacon: Beacon;
  let operator: string;
  let approver: string;
  let auditor: string;
  let alertId: string;
  const people = {
    safe: subscriberBody([{ lat: 50.2, lon: 10.2 }]),
    help: subscriberBody([{ lat: 50.3, lon: 10.3, label: 'home' }], { language: 'es' }),
    helpThenSafe: subscriberBody([{ lat: 50.7, lon: 10.7 }], { language: 'fr' }),
    stopper: subscriberBody([{ lat: 50.8, lon: 10.8 }], { language: 'pt' }),
    arabic: subscriberBody([{ lat: 50.9, lon: 10.9 }], { language: 'ar' }),
  };
  const digits = (phone: string) => phone.slice(1);

  async function simMessages(): Promise<SimMessage[]> {
    const response = await beacon.http.get('/simulator/messages').expect(200);
    return (response.body as { messages: SimMessage[] }).messages;
  }

  async function say(from: string, body: Record<string, unknown>): Promise<string> {
    const response = await beacon.http.post('/simulator/whatsapp/inbound').send({ from, ...body }).expect(200);
    const answer = response.body as { id: string; accepted: boolean };
    expect(answer.accepted).toBe(true);
    return answer.id;
  }

  async function ackTo(phone: string, count = 1): Promise<SimMessage[]> {
    return eventually(async () => {
      const acks = (await simMessages()).filter((m) => m.type === 'text' && m.to === digits(phone));
      return acks.length >= count ? acks : undefined;
    }, 15_000, `acknowledgement to ${phone}`);
  }

  async function sql<T>(text: string, params: unknown[] = []): Promise<T[]> {
    const client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
    try {
      return (await client.query(text, params)).rows as T[];
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    beacon = await startBeacon();
    operator = await beacon.createOperator('Ola Operator', ['operator']);
    approver = await beacon.createOperator('Abe Approver', ['approver']);
    auditor = await beacon.createOperator('Ann Auditor', ['auditor']);
    for (const body of Object.values(people)) await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body).expect(201);
    alertId = ((await beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).send(alertBody()).expect(201)).body as { id: string }).id;
    await beacon.http.post(`/api/v1/alerts/${alertId}/submit`).set(beacon.auth(operator)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), alertId);
    await eventually(async () => {
      const alert = (await beacon.http.get(`/api/v1/alerts/${alertId}`).set(beacon.auth(auditor)).expect(200)).body as { progress: { read: number } };
      return alert.progress.read === 5 ? true : undefined;
    }, 90_000, 'every alert read');
  });
  afterAll(() => beacon.close());

  it('records SAFE and HELP as answers to the alert, keeps a live tally, and acknowledges in the person\'s language', async () => {
    const alerts = await simMessages();
    const wamidOf = (phone: string) => alerts.find((m) => m.type === 'template' && m.to === digits(phone))!.id;
    await say(people.safe.phone, { text: 'safe', replyTo: wamidOf(people.safe.phone) });
    // No context: the latest alert delivered to that phone.
    await say(people.help.phone, { text: '¡AYUDA!' });
    await say(people.helpThenSafe.phone, { text: 'Au secours', replyTo: wamidOf(people.helpThenSafe.phone) });
    await say(people.helpThenSafe.phone, { button: { text: 'Je suis en sécurité', payload: 'SAFE' }, replyTo: wamidOf(people.helpThenSafe.phone) });
    await say(people.arabic.phone, { text: 'مُساعدة' });

    const tally = (await beacon.http.get(`/api/v1/alerts/${alertId}/responses`).set(beacon.auth(auditor)).expect(200)).body as TallyView;
    expect(tally).toEqual({ alertId, safe: 2, help: 2, responded: 4, messages: 5 });

    expect((await ackTo(people.safe.phone))[0]!.text).toBe('Thank you. We have recorded that you are safe.');
    expect((await ackTo(people.help.phone))[0]!.text).toMatch(/^Hemos recibido su petición de ayuda/);
    expect((await ackTo(people.helpThenSafe.phone, 2)).map((m) => m.text)).toEqual([
      expect.stringMatching(/^Nous avons reçu votre demande d’aide/),
      'Merci. Nous avons noté que vous êtes en sécurité.',
    ]);
    expect((await ackTo(people.arabic.phone))[0]!.text).toMatch(/^تلقينا طلبك للمساعدة/);
  });

  it('a shared location updates the subscriber and shows in the list of HELP requests', async () => {
    await say(people.help.phone, { location: { latitude: 50.35, longitude: 10.45, name: 'Roof of the school' } });
    await ackTo(people.help.phone, 2);
    const help = (await beacon.http.get(`/api/v1/alerts/${alertId}/responses/help`).set(beacon.auth(operator)).expect(200)).body as { requests: HelpRequestView[] };
    expect(help.requests).toHaveLength(2);
    const spanish = help.requests.find((r) => r.phone === people.help.phone)!;
    expect(spanish).toMatchObject({ language: 'es', channel: 'whatsapp', message: '¡AYUDA!', location: { lat: 50.35, lon: 10.45, source: 'shared' } });
    const arabic = help.requests.find((r) => r.phone === people.arabic.phone)!;
    expect(arabic.location).toEqual({ lat: 50.9, lon: 10.9, source: 'registered' });

    const locations = await sql<{ label: string | null }>(`SELECT l.label FROM subscriber_location l JOIN subscriber s ON s.id = l.subscriber_id WHERE s.phone = $1 ORDER BY l.id`, [people.help.phone]);
    expect(locations.map((l) => l.label)).toEqual(['home', 'shared']);
  });

  it('STOP and START change the subscription, are audited, and are acknowledged', async () => {
    await say(people.stopper.phone, { text: 'Parar' });
    expect((await ackTo(people.stopper.phone))[0]!.text).toMatch(/^Não receberá mais alertas/);
    const [stopped] = await sql<{ status: string }>(`SELECT status FROM subscriber WHERE phone = $1`, [people.stopper.phone]);
    expect(stopped!.status).toBe('stopped');
    await say(people.stopper.phone, { text: 'COMEÇAR' });
    await ackTo(people.stopper.phone, 2);
    const [started] = await sql<{ status: string }>(`SELECT status FROM subscriber WHERE phone = $1`, [people.stopper.phone]);
    expect(started!.status).toBe('active');
    const audit = (await beacon.http.get('/api/v1/audit/events').query({ action: 'subscriber.stopped' }).set(beacon.auth(auditor)).expect(200)).body as unknown;
    expect(JSON.stringify(audit)).toContain('subscriber.stopped');
  });

  it('records a retried webhook once and refuses unsigned or badly signed ones', async () => {
    const signature = new WebhookSignature('simulator-app-secret');
    const body = JSON.stringify({
      object: 'whatsapp_business_account',
      entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1', phone_number_id: '100000000000001' }, messages: [{ from: digits(people.safe.phone), id: 'wamid.retried', timestamp: String(Math.floor(Date.now() / 1000)), type: 'text', text: { body: 'HELP' } }] } }] }],
    });
    for (let i = 0; i < 3; i++) {
      const answer = await beacon.http.post('/webhooks/whatsapp').set('content-type', 'application/json').set('x-hub-signature-256', signature.sign(body)).send(body).expect(200);
      expect(answer.body).toMatchObject({ messages: 1 });
    }
    await beacon.http.post('/webhooks/whatsapp').set('content-type', 'application/json').set('x-hub-signature-256', signature.sign(body + ' ')).send(body).expect(401);
    const rows = await sql<{ count: string }>(`SELECT count(*) FROM response WHERE provider_message_id = 'wamid.retried'`);
    expect(rows[0]!.count).toBe('1');
  });

  it('lets only operators and auditors see responses; anyone with a role sees the report', async () => {
    await beacon.http.get(`/api/v1/alerts/${alertId}/responses`).set(beacon.auth(approver)).expect(403);
    await beacon.http.get(`/api/v1/alerts/${alertId}/responses/help`).set(beacon.auth(ADMIN_KEY)).expect(403);
    await beacon.http.get(`/api/v1/alerts/${alertId}/responses`).expect(401);
    const missing = await beacon.http.get('/api/v1/alerts/00000000-0000-4000-8000-000000000000/responses').set(beacon.auth(auditor)).expect(404);
    expect(missing.body).toMatchObject({ error: { code: 'alert.not_found' } });
    await beacon.http.get(`/api/v1/alerts/${alertId}/report`).set(beacon.auth(approver)).expect(200);
  });
});
