import { afterEach, describe, expect, it } from 'vitest';
import { basicAuth } from '../../src/channels/sms/twilio-api.js';
import { TwilioSignature } from '../../src/channels/sms/twilio-signature.js';
import { SmsSimulator } from '../../src/channels/simulator/sms-simulator.js';
import { WhatsAppSimulator } from '../../src/channels/simulator/whatsapp-simulator.js';
import { buildTextMessage } from '../../src/channels/whatsapp/graph-api.js';
import { WebhookSignature } from '../../src/channels/whatsapp/webhook-signature.js';
import { parseWhatsAppInbound } from '../../src/receipts/inbound/whatsapp-inbound.parser.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

describe('WhatsApp simulator: free-form text and inbound messages', () => {
  function make(profile: Record<string, number> = {}) {
    const posts: { body: string; signature: string | undefined }[] = [];
    const simulator = new WhatsAppSimulator({
      accessToken: 't',
      appSecret: 's',
      webhookUrl: () => 'http://beacon.test/webhooks/whatsapp',
      profile: { deliverDelayMs: 1, readDelayMs: 2, ...profile },
      tickMs: 1,
      retryDelaysMs: [1],
      post: (_url, body, headers) => {
        posts.push({ body, signature: headers['x-hub-signature-256'] });
        return Promise.resolve(200);
      },
    });
    closers.push(() => simulator.close());
    return { simulator, posts };
  }

  it('refuses free-form text outside the 24-hour window (131047) and accepts it after the person wrote', async () => {
    const { simulator, posts } = make();
    const text = buildTextMessage({ to: '+351912345678', text: 'Thank you', replyTo: 'wamid.in' });
    const refused = await simulator.handleSend({ authorization: 'Bearer t', phoneNumberId: '1', body: text });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 131047 } } });

    const inbound = await simulator.sendInbound({ from: '351912345678', phoneNumberId: '1', text: 'AYUDA', replyTo: 'wamid.alert' });
    expect(inbound.accepted).toBe(true);
    const [post] = posts;
    expect(new WebhookSignature('s').verify(Buffer.from(post!.body), post!.signature)).toBe(true);
    expect(parseWhatsAppInbound(JSON.parse(post!.body))).toMatchObject([{ from: '+351912345678', text: 'AYUDA', replyTo: 'wamid.alert', providerMessageId: inbound.id }]);

    const accepted = await simulator.handleSend({ authorization: 'Bearer t', phoneNumberId: '1', body: text });
    expect(accepted.status).toBe(200);
    expect(simulator.messages().at(-1)).toMatchObject({ type: 'text', to: '351912345678', text: 'Thank you' });
  });

  it('makes a share of readers answer SAFE or HELP as a reply to the alert', async () => {
    const { simulator, posts } = make({ replyRate: 1, helpRate: 1, replyDelayMs: 1 });
    const alert = { messaging_product: 'whatsapp', to: '351912345678', type: 'template', template: { name: 'x', language: { code: 'en' }, components: [] } };
    const reply = await simulator.handleSend({ authorization: 'Bearer t', phoneNumberId: '1', body: alert });
    await simulator.drain();
    const messages = posts.flatMap((post) => parseWhatsAppInbound(JSON.parse(post.body)));
    expect(messages).toMatchObject([{ text: 'HELP', replyTo: 'messages' in reply.body ? reply.body.messages[0]!.id : '' }]);
  });
});

describe('SMS simulator', () => {
  function make(profile: Record<string, number> = {}) {
    const posts: { url: string; params: Record<string, string>; signature: string | undefined }[] = [];
    const simulator = new SmsSimulator({
      accountSid: 'AC1',
      authToken: 'tok',
      inboundUrl: () => 'http://beacon.test/webhooks/sms/inbound',
      profile: { deliverDelayMs: 1, ...profile },
      retryDelaysMs: [1],
      post: (url, body, headers) => {
        posts.push({ url, params: Object.fromEntries(new URLSearchParams(body)), signature: headers['x-twilio-signature'] });
        return Promise.resolve(200);
      },
    });
    closers.push(() => simulator.close());
    return { simulator, posts };
  }
  const form = { To: '+447700900001', From: '+15005550006', Body: 'Flood warning', StatusCallback: 'http://beacon.test/webhooks/sms/status?d=9' };

  it('refuses a wrong account or token with 20003, and a bad number with 21211', async () => {
    const { simulator } = make();
    expect(await simulator.handleSend({ authorization: basicAuth('AC1', 'nope'), accountSid: 'AC1', form })).toMatchObject({ status: 401, body: { code: 20003 } });
    expect(await simulator.handleSend({ authorization: basicAuth('AC1', 'tok'), accountSid: 'AC1', form: { ...form, To: '0044' } })).toMatchObject({ status: 400, body: { code: 21211 } });
  });

  it('accepts a Twilio form, counts segments, and posts signed sent / delivered callbacks to the StatusCallback URL', async () => {
    const { simulator, posts } = make();
    const reply = await simulator.handleSend({ authorization: basicAuth('AC1', 'tok'), accountSid: 'AC1', form: { ...form, Body: 'ó'.repeat(71) } });
    expect(reply).toMatchObject({ status: 201, body: { status: 'queued', num_segments: '2' } });
    await simulator.drain();
    expect(posts.map((p) => p.params.MessageStatus)).toEqual(['sent', 'delivered']);
    const signature = new TwilioSignature('tok');
    for (const post of posts) {
      expect(post.url).toBe(form.StatusCallback);
      expect(signature.verify(post.url, post.params, post.signature)).toBe(true);
    }
  });

  it('reports a handset failure as undelivered with error 30003', async () => {
    const { simulator, posts } = make({ permanentFailureRate: 1 });
    await simulator.handleSend({ authorization: basicAuth('AC1', 'tok'), accountSid: 'AC1', form });
    await simulator.drain();
    expect(posts.map((p) => [p.params.MessageStatus, p.params.ErrorCode])).toEqual([
      ['sent', undefined],
      ['undelivered', '30003'],
    ]);
  });

  it('posts every callback twice with duplicateRate 1', async () => {
    const { simulator, posts } = make({ duplicateRate: 1 });
    await simulator.handleSend({ authorization: basicAuth('AC1', 'tok'), accountSid: 'AC1', form });
    await simulator.drain();
    expect(posts.map((p) => p.params.MessageStatus).sort()).toEqual(['delivered', 'delivered', 'sent', 'sent']);
  });
});
