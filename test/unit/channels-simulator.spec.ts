import { afterEach, describe, expect, it } from 'vitest';
import type { GraphTemplateMessage, WebhookPayload } from '../../src/channels/whatsapp/graph-api.js';
import { buildTemplateMessage } from '../../src/channels/whatsapp/graph-api.js';
import { WebhookSignature } from '../../src/channels/whatsapp/webhook-signature.js';
import type { SimulatorProfile } from '../../src/channels/simulator/simulator-profile.js';
import { type SimulatorOptions, WhatsAppSimulator } from '../../src/channels/simulator/whatsapp-simulator.js';

const TOKEN = 'sim-token';
const SECRET = 'sim-secret';
const PHONE_IDS = ['100000000000001', '100000000000002'];

interface Post {
  url: string;
  body: string;
  signature: string | undefined;
  payload: WebhookPayload;
}

const simulators: WhatsAppSimulator[] = [];
afterEach(() => {
  for (const simulator of simulators.splice(0)) simulator.close();
});

function makeSimulator(profile: Partial<SimulatorProfile> = {}, options: Partial<SimulatorOptions> & { answer?: () => number } = {}) {
  const posts: Post[] = [];
  const simulator = new WhatsAppSimulator({
    accessToken: TOKEN,
    appSecret: SECRET,
    webhookUrl: () => 'http://beacon.test/webhooks/whatsapp',
    phoneNumberIds: PHONE_IDS,
    templateNames: ['beacon_alert'],
    profile: { deliverDelayMs: 5, readDelayMs: 10, ...profile },
    tickMs: 5,
    retryDelaysMs: [1, 1],
    post: (url, body, headers) => {
      posts.push({ url, body, signature: headers['x-hub-signature-256'], payload: JSON.parse(body) as WebhookPayload });
      return Promise.resolve(options.answer?.() ?? 200);
    },
    ...options,
  });
  simulators.push(simulator);
  return { simulator, posts };
}

function template(to = '+351912345678', deliveryId = '17'): GraphTemplateMessage {
  return buildTemplateMessage({ to, templateName: 'beacon_alert', language: 'en', text: 'Flood warning', callbackData: deliveryId });
}

function send(simulator: WhatsAppSimulator, body: unknown = template(), phoneNumberId = PHONE_IDS[0]!, authorization = `Bearer ${TOKEN}`) {
  return simulator.handleSend({ authorization, phoneNumberId, body });
}

function statuses(posts: Post[]) {
  return posts.flatMap((post) => post.payload.entry.flatMap((entry) => entry.changes.flatMap((change) => change.value.statuses)));
}

describe('WhatsAppSimulator requests', () => {
  it('refuses a wrong bearer token with the Graph OAuth error', async () => {
    const { simulator } = makeSimulator();
    const reply = await send(simulator, template(), PHONE_IDS[0], 'Bearer nope');
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: { message: expect.any(String), type: 'OAuthException', code: 190, fbtrace_id: expect.any(String) } });
    expect(simulator.total()).toBe(0);
  });

  it.each<[string, unknown]>([
    ['not an object', 'hello'],
    ['no messaging_product', { ...template(), messaging_product: undefined }],
    ['a bad number', { ...template(), to: 'call me' }],
    ['a non-template type', { ...template(), type: 'text' }],
    ['no language', { ...template(), template: { name: 'beacon_alert', components: [] } }],
    ['a non-text parameter', { ...template(), template: { ...template().template, components: [{ type: 'body', parameters: [{ type: 'image' }] }] } }],
  ])('answers 400 code 100 for a body with %s', async (_what, body) => {
    const { simulator } = makeSimulator();
    const reply = await send(simulator, body);
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ error: { code: 100, type: 'OAuthException', error_data: { messaging_product: 'whatsapp' } } });
  });

  it('refuses an unknown phone number id and an unknown template as Meta does', async () => {
    const { simulator } = makeSimulator();
    expect(await send(simulator, template(), '999')).toMatchObject({ status: 400, body: { error: { code: 100, error_subcode: 33 } } });
    const other = { ...template(), template: { ...template().template, name: 'other' } };
    expect(await send(simulator, other)).toMatchObject({ status: 404, body: { error: { code: 132001 } } });
  });

  it('accepts a template, records it and answers the Cloud API shape', async () => {
    const { simulator } = makeSimulator();
    const reply = await send(simulator);
    expect(reply.status).toBe(200);
    const id = simulator.messages()[0]!.id;
    expect(id).toMatch(/^wamid\./);
    expect(reply.body).toEqual({ messaging_product: 'whatsapp', contacts: [{ input: '351912345678', wa_id: '351912345678' }], messages: [{ id, message_status: 'accepted' }] });
    expect(simulator.messages()[0]).toMatchObject({ phoneNumberId: PHONE_IDS[0], to: '351912345678', templateName: 'beacon_alert', language: 'en', text: 'Flood warning', callbackData: '17' });
    expect(simulator.reset()).toBe(1);
    expect(simulator.messages()).toEqual([]);
  });

  it('with webhooks off and nothing kept, still checks every request, answers distinct ids and counts', async () => {
    const { simulator, posts } = makeSimulator({}, { statusWebhooks: false, maxStoredMessages: 0 });
    expect(await send(simulator, template(), PHONE_IDS[0], 'Bearer nope')).toMatchObject({ status: 401 });
    expect(await send(simulator, template(), '999')).toMatchObject({ status: 400, body: { error: { code: 100, error_subcode: 33 } } });
    expect(await send(simulator, { ...template(), to: 'abc' })).toMatchObject({ status: 400, body: { error: { code: 100 } } });
    const replies = await Promise.all([send(simulator), send(simulator, template('+15551234567', '18'))]);
    expect(replies.map((reply) => reply.status)).toEqual([200, 200]);
    const ids = replies.map((reply) => ('messages' in reply.body ? reply.body.messages[0]!.id : ''));
    expect(ids[0]).toMatch(/^wamid\.[\w-]+$/);
    expect(new Set(ids).size).toBe(2);
    expect(simulator.total()).toBe(2);
    expect(simulator.messages()).toEqual([]);
    await simulator.drain();
    expect(posts).toEqual([]);
  });
});

describe('WhatsAppSimulator webhooks', () => {
  it('posts signed sent, delivered and read statuses in the Cloud API shape', async () => {
    const { simulator, posts } = makeSimulator();
    await send(simulator);
    await simulator.drain();
    const signature = new WebhookSignature(SECRET);
    for (const post of posts) expect(signature.verify(Buffer.from(post.body), post.signature)).toBe(true);
    expect(statuses(posts).map((status) => status.status).sort()).toEqual(['delivered', 'read', 'sent']);
    const first = posts[0]!.payload;
    expect(first.object).toBe('whatsapp_business_account');
    expect(first.entry[0]!.changes[0]).toMatchObject({ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: PHONE_IDS[0] } } });
    expect(statuses(posts)[0]).toMatchObject({
      id: simulator.messages()[0]!.id,
      status: 'sent',
      timestamp: expect.stringMatching(/^\d{10}$/),
      recipient_id: '351912345678',
      biz_opaque_callback_data: '17',
    });
  });

  it('groups statuses due together into few posts of at most 100, one entry per phone number', async () => {
    const { simulator, posts } = makeSimulator({ deliverDelayMs: 0, readDelayMs: 0 });
    await Promise.all(Array.from({ length: 250 }, (_, i) => send(simulator, template(`+35191000${String(i).padStart(4, '0')}`, String(i + 1)), PHONE_IDS[i % 2])));
    await simulator.drain();
    expect(statuses(posts)).toHaveLength(750);
    expect(posts.length).toBeLessThan(30);
    for (const post of posts) expect(post.payload.entry.flatMap((entry) => entry.changes[0]!.value.statuses).length).toBeLessThanOrEqual(100);
    expect(posts.some((post) => post.payload.entry.length === 2)).toBe(true);
  });

  it('reports a permanent failure as a failed status with 131026', async () => {
    const { simulator, posts } = makeSimulator({ permanentFailureRate: 1 });
    expect((await send(simulator)).status).toBe(200);
    await simulator.drain();
    expect(statuses(posts)).toEqual([expect.objectContaining({ status: 'failed', errors: [expect.objectContaining({ code: 131026 })] })]);
  });

  it('skips read when nobody reads', async () => {
    const { simulator, posts } = makeSimulator({ readRate: 0 });
    await send(simulator);
    await simulator.drain();
    expect(statuses(posts).map((status) => status.status).sort()).toEqual(['delivered', 'sent']);
  });

  it('retries a post Beacon refused, then gives up after the last retry', async () => {
    const answers = [500, 503, 200];
    const { simulator, posts } = makeSimulator({ readRate: 0, deliverDelayMs: 0 }, { answer: () => answers.shift() ?? 500 });
    await send(simulator);
    await simulator.drain();
    expect(simulator.webhookStats()).toMatchObject({ posts: 1, statuses: 2, retries: 2, abandoned: 0 });
    expect(posts).toHaveLength(3);

    const reasons: string[] = [];
    const failing = makeSimulator({ readRate: 0, deliverDelayMs: 0 }, { answer: () => 500, onWebhookGiveUp: (reason) => reasons.push(reason) });
    await send(failing.simulator);
    await failing.simulator.drain();
    expect(failing.simulator.webhookStats()).toMatchObject({ posts: 0, abandoned: 2 });
    expect(reasons[0]).toMatch(/HTTP 500/);
  });

  it('drops pending webhooks on close and lets drain return', async () => {
    const { simulator, posts } = makeSimulator({ deliverDelayMs: 60_000, readDelayMs: 60_000 });
    await send(simulator);
    const drained = simulator.drain();
    simulator.close();
    await drained;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(statuses(posts).filter((status) => status.status !== 'sent')).toEqual([]);
  });
});

describe('WhatsAppSimulator faults', () => {
  it('answers throughput limits as Meta does (HTTP 400, code 130429) and records nothing', async () => {
    const { simulator } = makeSimulator({ rate429: 1 });
    expect(await send(simulator)).toMatchObject({ status: 400, body: { error: { code: 130429 } } });
    expect(simulator.total()).toBe(0);
  });

  it('answers server errors with HTTP 500, code 131000', async () => {
    const { simulator } = makeSimulator({ rate5xx: 1 });
    expect(await send(simulator)).toMatchObject({ status: 500, body: { error: { code: 131000 } } });
  });

  it('holds the answer of a timed-out request but still takes the message; close answers it', async () => {
    const { simulator } = makeSimulator({ timeoutRate: 1, timeoutHoldMs: 60_000 });
    let answered = false;
    const reply = send(simulator).then((result) => {
      answered = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    expect(simulator.total()).toBe(1);
    simulator.close();
    expect((await reply).status).toBe(200);
  });

  it('adds latency before answering', async () => {
    const { simulator } = makeSimulator({ latencyMs: 30 });
    const started = Date.now();
    await send(simulator);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('validates profile changes', () => {
    const { simulator } = makeSimulator();
    expect(() => simulator.configure({ rate429: 2 })).toThrow(RangeError);
    expect(() => simulator.configure({ latencyMs: -1 })).toThrow(/latencyMs/);
    expect(simulator.configure({ readRate: 0.5 }).readRate).toBe(0.5);
  });
});
