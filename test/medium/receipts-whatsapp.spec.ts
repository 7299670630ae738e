import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditModule } from '../../src/audit/audit.module.js';
import { ChannelRegistry } from '../../src/channels/channel-registry.js';
import { ChannelsModule } from '../../src/channels/channels.module.js';
import { WebhookSignature } from '../../src/channels/whatsapp/webhook-signature.js';
import { WhatsAppSimulator } from '../../src/channels/simulator/whatsapp-simulator.js';
import { CommonModule } from '../../src/common/common.module.js';
import { ErrorFilter } from '../../src/common/error.filter.js';
import { SelfUrl } from '../../src/common/self-url.js';
import { createValidationPipe } from '../../src/common/validation.pipe.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { type BeaconConfig, loadConfig } from '../../src/config/config.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { DispatchModule } from '../../src/dispatch/dispatch.module.js';
import { ReceiptsModule } from '../../src/receipts/receipts.module.js';
import { connect, createTestDatabase, type TestDatabase } from '../support/database.js';
import { SHARED_DATA } from '../support/shared-data.js';
import { join } from 'node:path';

const SAMPLES_DIR = process.env.WHATSAPP_SAMPLES_DIR ?? join(SHARED_DATA, 'whatsapp');
const samples = (file: string) => JSON.parse(readFileSync(`${SAMPLES_DIR}/${file}`, 'utf8')) as Record<string, unknown>;
const SAMPLE_ID = 'wamid.xyzxyz';

interface DeliveryRow {
  status: string;
  provider_message_id: string | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  read_at: Date | null;
  failed_at: Date | null;
  error_code: string | null;
  error_message: string | null;
}

async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const unix = (seconds: number) => new Date(seconds * 1000);

function statusPayload(statuses: Record<string, unknown>[]) {
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '1555', phone_number_id: '100000000000001' }, statuses } }] }],
  };
}

describe('WhatsApp receipts against PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let app: INestApplication;
  let url: string;
  let config: BeaconConfig;
  let runId: string;
  let signature: WebhookSignature;
  let subscriberSeq = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await connect(db);
    config = loadConfig({ DATABASE_URL: db.url, BEACON_WORKERS: 'false', SIMULATOR_DELIVER_DELAY_MS: '20', SIMULATOR_READ_DELAY_MS: '40' });
    const moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot(config), CommonModule, DatabaseModule, AuditModule, DispatchModule, ChannelsModule.forRoot(config), ReceiptsModule],
    }).compile();
    app = moduleRef.createNestApplication({ rawBody: true, logger: false, forceCloseConnections: true });
    app.useGlobalFilters(new ErrorFilter());
    app.useGlobalPipes(createValidationPipe());
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
    app.get(SelfUrl).set(url);
    signature = new WebhookSignature(config.whatsapp.appSecret);
    const [run] = (await dataSource.query<{ id: string }[]>(`INSERT INTO dispatch_run (priority, messages, default_language) VALUES (1, '{"en":"Flood"}', 'en') RETURNING id`));
    runId = run!.id;
  });

  afterAll(async () => {
    await app?.close();
    await dataSource?.destroy();
    await db?.drop();
  });

  async function insertDelivery(fields: { providerMessageId?: string; status?: string } = {}): Promise<string> {
    subscriberSeq++;
    const rows = (await dataSource.query<{ id: string }[]>(
      `INSERT INTO delivery (run_id, subscriber_id, channel, recipient, language, priority, status, provider_message_id)
       VALUES ($1, gen_random_uuid(), 'whatsapp', $2, 'en', 1, $3, $4) RETURNING id`,
      [runId, `+35191${String(subscriberSeq).padStart(7, '0')}`, fields.status ?? 'sending', fields.providerMessageId ?? null],
    ));
    return rows[0]!.id;
  }

  async function row(id: string): Promise<DeliveryRow> {
    const rows = (await dataSource.query<DeliveryRow[]>(
      `SELECT status, provider_message_id, sent_at, delivered_at, read_at, failed_at, error_code, error_message FROM delivery WHERE id = $1`,
      [id],
    ));
    return rows[0]!;
  }

  function postSigned(payload: unknown, header: string | null = 'sign') {
    const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
    const call = request(url).post('/webhooks/whatsapp').set('content-type', 'application/json');
    if (header !== null) call.set('x-hub-signature-256', header === 'sign' ? signature.sign(body) : header);
    return call.send(body);
  }

  describe('the full loop through the simulator', () => {
    it('sends through the adapter, then the signed webhooks move the deliveries to read', async () => {
      const ids = await Promise.all(Array.from({ length: 40 }, () => insertDelivery()));
      const adapter = app.get(ChannelRegistry).get('whatsapp')!;
      const outcomes = await Promise.all(
        ids.map((id, i) => adapter.send({ deliveryId: id, senderId: adapter.senderIds[0]!, recipient: `+35192${String(i).padStart(7, '0')}`, language: 'en', text: 'Flood warning' })),
      );
      expect(outcomes.every((outcome) => outcome.kind === 'accepted')).toBe(true);
      await app.get(WhatsAppSimulator).drain();
      const rows = await waitFor(async () => {
        const current = await Promise.all(ids.map(row));
        return current.every((r) => r.status === 'read') ? current : undefined;
      }, 'every delivery to be read');
      rows.forEach((r, i) => {
        const outcome = outcomes[i]!;
        expect(r.provider_message_id).toBe(outcome.kind === 'accepted' ? outcome.providerMessageId : 'none');
        expect(r.sent_at!.getTime()).toBeLessThanOrEqual(r.delivered_at!.getTime());
        expect(r.delivered_at!.getTime()).toBeLessThanOrEqual(r.read_at!.getTime());
      });
    });
  });

  describe('real Cloud API samples, signed by the test', () => {
    const statusSamples = samples('pywa_message_status.json');
    let sampleRow: string;

    beforeAll(async () => {
      sampleRow = await insertDelivery({ providerMessageId: SAMPLE_ID });
    });

    it.each<[string, Partial<Record<keyof DeliveryRow, unknown>>]>([
      ['sent', { status: 'sent', sent_at: unix(1698266945) }],
      ['delivered', { status: 'delivered', delivered_at: unix(1698266945) }],
      ['read', { status: 'read', read_at: unix(1689380458) }],
      ['played', { status: 'read', read_at: unix(1689380458) }],
      ['failed', { status: 'failed', failed_at: unix(1689380458), error_code: 'whatsapp:130472', error_message: expect.stringContaining('experiment') }],
      ['with_tracker', { status: 'sent', sent_at: unix(1698266945) }],
      ['group', { status: 'sending', sent_at: null }],
    ])('%s', async (name, expected) => {
      await dataSource.query(
        `UPDATE delivery SET status = 'sending', sent_at = NULL, delivered_at = NULL, read_at = NULL, failed_at = NULL, error_code = NULL, error_message = NULL WHERE id = $1`,
        [sampleRow],
      );
      const response = await postSigned(statusSamples[name]).expect(200);
      expect(response.body).toEqual({ statuses: 1, messages: 0, ignored: 0 });
      expect(await row(sampleRow)).toMatchObject({ provider_message_id: SAMPLE_ID, ...expected });
    });

    it.each(['text', 'image', 'reaction', 'interactive_message_with_err', 'unsupported'])('inbound message %s is acknowledged and changes nothing', async (name) => {
      await dataSource.query(`UPDATE delivery SET status = 'delivered' WHERE id = $1`, [sampleRow]);
      const response = await postSigned(samples('pywa_message.json')[name]).expect(200);
      expect(response.body.statuses).toBe(0);
      // A text from an unknown number is read (messages: 1) but recorded nowhere; media is ignored.
      expect(response.body.messages + response.body.ignored).toBeGreaterThan(0);
      expect((await row(sampleRow)).status).toBe('delivered');
    });
  });

  describe('ordering and duplicates', () => {
    it('ends at read when read arrives before delivered, keeping both times', async () => {
      const id = await insertDelivery({ providerMessageId: 'wamid.rbd' });
      await postSigned(statusPayload([{ id: 'wamid.rbd', status: 'read', timestamp: '1700000020', recipient_id: '1' }])).expect(200);
      await postSigned(statusPayload([{ id: 'wamid.rbd', status: 'delivered', timestamp: '1700000010', recipient_id: '1' }])).expect(200);
      expect(await row(id)).toMatchObject({ status: 'read', delivered_at: unix(1700000010), read_at: unix(1700000020) });
      expect((await row(id)).sent_at).not.toBeNull();
    });

    it('applies a duplicate webhook harmlessly, keeping the first time', async () => {
      const id = await insertDelivery({ providerMessageId: 'wamid.dup' });
      const payload = statusPayload([{ id: 'wamid.dup', status: 'delivered', timestamp: '1700000010', recipient_id: '1' }]);
      await postSigned(payload).expect(200);
      await postSigned(payload).expect(200);
      await postSigned(statusPayload([{ id: 'wamid.dup', status: 'delivered', timestamp: '1700000099', recipient_id: '1' }])).expect(200);
      expect(await row(id)).toMatchObject({ status: 'delivered', delivered_at: unix(1700000010) });
    });

    it('never moves a read delivery back to sent', async () => {
      const id = await insertDelivery({ providerMessageId: 'wamid.back' });
      await postSigned(statusPayload([{ id: 'wamid.back', status: 'read', timestamp: '1700000020', recipient_id: '1' }])).expect(200);
      await postSigned(statusPayload([{ id: 'wamid.back', status: 'sent', timestamp: '1700000030', recipient_id: '1' }])).expect(200);
      expect((await row(id)).status).toBe('read');
    });

    it('finds a row by the delivery id in the callback data and records the provider id', async () => {
      const id = await insertDelivery();
      await postSigned(statusPayload([{ id: 'wamid.cb', status: 'sent', timestamp: '1700000000', recipient_id: '1', biz_opaque_callback_data: id }])).expect(200);
      expect(await row(id)).toMatchObject({ status: 'sent', provider_message_id: 'wamid.cb' });
    });

    it('applies a batch with several entries and statuses in one post', async () => {
      const ids = await Promise.all([1, 2, 3].map((n) => insertDelivery({ providerMessageId: `wamid.batch${n}` })));
      const one = statusPayload([
        { id: 'wamid.batch1', status: 'delivered', timestamp: '1700000000', recipient_id: '1' },
        { id: 'wamid.batch2', status: 'read', timestamp: '1700000000', recipient_id: '1' },
      ]);
      const payload = { ...one, entry: [...one.entry, ...statusPayload([{ id: 'wamid.batch3', status: 'sent', timestamp: '1700000000', recipient_id: '1' }]).entry] };
      expect((await postSigned(payload).expect(200)).body).toEqual({ statuses: 3, messages: 0, ignored: 0 });
      expect((await Promise.all(ids.map(row))).map((r) => r.status)).toEqual(['delivered', 'read', 'sent']);
    });
  });

  describe('signature check', () => {
    it.each<[string, () => string | null]>([
      ['a wrong signature', () => `sha256=${'0'.repeat(64)}`],
      ['no signature', () => null],
      ['a malformed signature', () => 'sha256=abc'],
      ['the signature of another body', () => signature.sign('{}')],
      ['a signature made with another secret', () => 'sign-other'],
    ])('refuses %s with 401 and changes nothing', async (_what, makeHeader) => {
      const id = await insertDelivery({ providerMessageId: `wamid.sig${Math.random()}` });
      const { provider_message_id: wamid } = await row(id);
      const payload = statusPayload([{ id: wamid, status: 'read', timestamp: '1700000000', recipient_id: '1' }]);
      const header = makeHeader();
      const response = await postSigned(payload, header === 'sign-other' ? new WebhookSignature('other-secret').sign(JSON.stringify(payload)) : header).expect(401);
      expect(response.body).toEqual({ error: { code: 'webhook.invalid_signature', message: expect.any(String) } });
      expect(await row(id)).toMatchObject({ status: 'sending', read_at: null });
    });

    it('refuses a validly signed body that is not JSON', async () => {
      await postSigned('not json').expect(400);
    });
  });

  describe('verification handshake', () => {
    it('echoes the challenge as text when the verify token matches', async () => {
      const response = await request(url)
        .get('/webhooks/whatsapp')
        .query({ 'hub.mode': 'subscribe', 'hub.verify_token': config.whatsapp.verifyToken, 'hub.challenge': '1158201444' })
        .expect(200);
      expect(response.text).toBe('1158201444');
      expect(response.headers['content-type']).toMatch(/^text\/plain/);
    });

    it.each([
      ['a wrong token', { 'hub.mode': 'subscribe', 'hub.verify_token': 'guess', 'hub.challenge': '1' }],
      ['a wrong mode', { 'hub.mode': 'unsubscribe', 'hub.verify_token': 'simulator-verify-token', 'hub.challenge': '1' }],
      ['no token', { 'hub.mode': 'subscribe', 'hub.challenge': '1' }],
    ])('refuses %s with 403', async (_what, query) => {
      const response = await request(url).get('/webhooks/whatsapp').query(query).expect(403);
      expect(response.body.error.code).toBe('webhook.verify_token_mismatch');
    });
  });
});
