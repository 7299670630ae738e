import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../src/channels/channel.js';
import { ChannelRegistry } from '../../src/channels/channel-registry.js';
import { ChannelsModule } from '../../src/channels/channels.module.js';
import type { WebhookPayload } from '../../src/channels/whatsapp/graph-api.js';
import { WebhookSignature } from '../../src/channels/whatsapp/webhook-signature.js';
import { WhatsAppAdapter } from '../../src/channels/whatsapp/whatsapp.adapter.js';
import { WhatsAppSimulator } from '../../src/channels/simulator/whatsapp-simulator.js';
import { CommonModule } from '../../src/common/common.module.js';
import { ErrorFilter } from '../../src/common/error.filter.js';
import { SelfUrl } from '../../src/common/self-url.js';
import { createValidationPipe } from '../../src/common/validation.pipe.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { type BeaconConfig, loadConfig } from '../../src/config/config.js';

/** A stand-in for Beacon's webhook endpoint: records what the simulator posts. */
async function startCollector() {
  const received: { body: string; signature: string | undefined }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const signature = req.headers['x-hub-signature-256'];
      received.push({ body: Buffer.concat(chunks).toString('utf8'), signature: typeof signature === 'string' ? signature : undefined });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` };
}

async function startApp(config: BeaconConfig): Promise<{ app: INestApplication; url: string }> {
  const moduleRef = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), CommonModule, ChannelsModule.forRoot(config)] }).compile();
  // undici reopens an idle keep-alive socket after an aborted request; without forcing, close() waits for it.
  const app = moduleRef.createNestApplication({ rawBody: true, logger: false, forceCloseConnections: true });
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalPipes(createValidationPipe());
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
  app.get(SelfUrl).set(url);
  return { app, url };
}

const closeServer = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()));

const message = (deliveryId: string): OutboundMessage => ({ deliveryId, senderId: '100000000000001', recipient: '+351912345678', language: 'pt-BR', text: `Alert ${deliveryId}` });

describe('WhatsApp adapter against the simulator over HTTP', () => {
  let app: INestApplication;
  let url: string;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  let config: BeaconConfig;
  let adapter: WhatsAppAdapter;
  let simulator: WhatsAppSimulator;

  beforeAll(async () => {
    collector = await startCollector();
    config = loadConfig({
      DATABASE_URL: 'postgres://unused.invalid/none',
      WHATSAPP_TIMEOUT_MS: '300',
      SIMULATOR_WEBHOOK_URL: collector.url,
      SIMULATOR_DELIVER_DELAY_MS: '10',
      SIMULATOR_READ_DELAY_MS: '20',
    });
    ({ app, url } = await startApp(config));
    adapter = app.get(ChannelRegistry).get('whatsapp') as WhatsAppAdapter;
    simulator = app.get(WhatsAppSimulator);
  });

  afterAll(async () => {
    await app?.close();
    if (collector) await closeServer(collector.server);
  });

  beforeEach(async () => {
    await request(url).put('/simulator/profile').send({ rate429: 0, rate5xx: 0, timeoutRate: 0 }).expect(200);
    await request(url).delete('/simulator/messages').expect(200);
  });

  it('registers the WhatsApp adapter with the configured senders, and the SMS adapter', () => {
    expect(app.get(ChannelRegistry).channels()).toEqual(['whatsapp', 'sms']);
    expect(adapter.senderIds).toEqual(['100000000000001']);
  });

  it('sends a template that the simulator accepts and lists, then posts signed statuses', async () => {
    // The send slot the pacer chose travels in X-Beacon-Slot-At, so the simulator can check pacing.
    const outcome = await adapter.send({ ...message('101'), slotAt: 1764100000123.5 });
    expect(outcome).toEqual({ kind: 'accepted', providerMessageId: expect.stringMatching(/^wamid\./) });
    const listed = await request(url).get('/simulator/messages').expect(200);
    expect(listed.body).toEqual({
      messages: [
        {
          id: outcome.kind === 'accepted' ? outcome.providerMessageId : '',
          type: 'template',
          to: '351912345678',
          text: 'Alert 101',
          language: 'pt_BR',
          templateName: 'beacon_alert',
          phoneNumberId: '100000000000001',
          callbackData: '101',
          receivedAt: expect.any(String),
          slotAt: 1764100000123.5,
        },
      ],
      total: 1,
    });
    const drained = await request(url).post('/simulator/drain').expect(200);
    expect(drained.body.webhooks.abandoned).toBe(0);
    const signature = new WebhookSignature(config.whatsapp.appSecret);
    const mine = collector.received
      .filter((post) => signature.verify(Buffer.from(post.body), post.signature))
      .flatMap((post) => (JSON.parse(post.body) as WebhookPayload).entry.flatMap((entry) => entry.changes.flatMap((change) => change.value.statuses)))
      .filter((status) => status.biz_opaque_callback_data === '101');
    expect(mine.map((status) => status.status).sort()).toEqual(['delivered', 'read', 'sent']);
  });

  it('answers a wrong token with 401 and the Graph OAuth error', async () => {
    const response = await request(url).post('/simulator/whatsapp/v21.0/100000000000001/messages').set('authorization', 'Bearer wrong').send({}).expect(401);
    expect(response.body).toEqual({ error: { message: expect.any(String), type: 'OAuthException', code: 190, fbtrace_id: expect.any(String) } });
  });

  it('answers a malformed body with 400 code 100', async () => {
    const response = await request(url)
      .post('/simulator/whatsapp/v21.0/100000000000001/messages')
      .set('authorization', `Bearer ${config.whatsapp.accessToken}`)
      .send({ messaging_product: 'whatsapp', to: '123' })
      .expect(400);
    expect(response.body.error).toMatchObject({ code: 100, type: 'OAuthException' });
  });

  it('reports a throughput refusal as rate limited', async () => {
    await request(url).put('/simulator/profile').send({ rate429: 1 }).expect(200);
    await expect(adapter.send(message('102'))).resolves.toMatchObject({ kind: 'retryable', code: 'whatsapp:130429', rateLimited: true });
  });

  it('reports a server error as retryable', async () => {
    await request(url).put('/simulator/profile').send({ rate5xx: 1 }).expect(200);
    await expect(adapter.send(message('103'))).resolves.toMatchObject({ kind: 'retryable', code: 'whatsapp:131000', rateLimited: false });
  });

  it('calls a timeout after the request reached the provider unknown (the message did arrive)', async () => {
    await request(url).put('/simulator/profile').send({ timeoutRate: 1, timeoutHoldMs: 2000 }).expect(200);
    await expect(adapter.send(message('104'))).resolves.toMatchObject({ kind: 'unknown', code: 'whatsapp:timeout' });
    expect(simulator.messages().map((received) => received.callbackData)).toEqual(['104']);
  });

  it('calls a refused connection retryable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await closeServer(closed);
    const offline = new WhatsAppAdapter({ baseUrl: () => `http://127.0.0.1:${port}`, graphVersion: 'v21.0', accessToken: 't', senderIds: ['1'], templateName: 'x', timeoutMs: 1000 });
    await expect(offline.send(message('105'))).resolves.toMatchObject({ kind: 'retryable', code: 'whatsapp:network', message: expect.stringContaining('ECONNREFUSED') });
  });

  it('validates profile changes', async () => {
    const response = await request(url).put('/simulator/profile').send({ rate429: 3 }).expect(400);
    expect(response.body.error.code).toBe('validation_failed');
    await request(url).put('/simulator/profile').send({ rate429: 0.7, rate5xx: 0.7 }).expect(400, /simulator.invalid_profile/);
  });
});

describe('ChannelsModule with the simulator off', () => {
  it('keeps the adapter but mounts no simulator route', async () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://unused.invalid/none', BEACON_SIMULATOR: 'false', WHATSAPP_API_BASE_URL: 'http://127.0.0.1:9' });
    const { app, url } = await startApp(config);
    try {
      // SMS is off too: no simulator to send to and no SMS_API_BASE_URL.
      expect(app.get(ChannelRegistry).channels()).toEqual(['whatsapp']);
      await request(url).get('/simulator/messages').expect(404);
      expect(() => app.get(WhatsAppSimulator)).toThrow();
    } finally {
      await app.close();
    }
  });
});
