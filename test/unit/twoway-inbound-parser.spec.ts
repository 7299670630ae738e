import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWhatsAppInbound } from '../../src/receipts/inbound/whatsapp-inbound.parser.js';
import { parseWhatsAppWebhook } from '../../src/receipts/whatsapp-webhook.parser.js';
import { SHARED_DATA } from '../support/shared-data.js';
import { join } from 'node:path';

const DATA = process.env.WHATSAPP_SAMPLES_DIR ?? join(SHARED_DATA, 'whatsapp');
const load = (file: string) => JSON.parse(readFileSync(`${DATA}/${file}`, 'utf8')) as Record<string, unknown>;
const messages = load('pywa_message.json');
const buttons = load('pywa_callback_button.json');
const at = (unix: number) => new Date(unix * 1000);
const base = { channel: 'whatsapp', from: '+972987654321', to: '1122334455667' };

describe('parseWhatsAppInbound on the real Cloud API samples', () => {
  it.each([
    ['text', { ...base, providerMessageId: 'wamid.xyzxyz', at: at(1697043223), text: 'Body Text' }],
    ['reply', { ...base, providerMessageId: 'wamid.xyzxyz', at: at(1697044746), replyTo: 'wamid.xyzxyz==', text: 'replied text' }],
    ['forwarded', { ...base, providerMessageId: 'wamid.xyzxyz', at: at(1697044815), text: 'forwarded text' }],
    ['current_location', { ...base, providerMessageId: 'wamid.xyzxyz', at: at(1697044557), location: { lat: 12.25089, lon: 43.90539 } }],
    ['chosen_location', { ...base, providerMessageId: 'wamid.xyzxyz', at: at(1697044557), location: { lat: 37.4611978, lon: -122.2164385 } }],
  ])('message %s', (name, expected) => {
    expect(parseWhatsAppInbound(messages[name])).toEqual([expected]);
  });

  it.each([
    ['button', { ...base, providerMessageId: 'wamid.xyzxyz', at: at(1698266730), replyTo: 'wamid.xyzxyz', text: 'title', payload: 'callback_data' }],
    ['quick_reply', { ...base, providerMessageId: 'wamid.xsidjw', at: at(1698269027), replyTo: 'wamid.xyzxyz==', text: 'title', payload: 'callback_data' }],
    ['quick_reply_without_context', { ...base, providerMessageId: 'wamid.xsidjx', at: at(1698269027), text: 'title', payload: 'callback_data' }],
  ])('callback %s', (name, expected) => {
    expect(parseWhatsAppInbound(buttons[name])).toEqual([expected]);
  });

  const actedOn = new Set(['text', 'reply', 'forwarded', 'forwarded_many_times', 'current_location', 'chosen_location']);
  it.each(Object.keys(messages).filter((name) => !actedOn.has(name) && !name.startsWith('interactive_') && name !== 'referral'))('leaves out %s', (name) => {
    expect(parseWhatsAppInbound(messages[name])).toEqual([]);
  });

  it('keeps statuses apart: a status sample has no inbound message, an inbound sample no status', () => {
    const statuses = load('pywa_message_status.json');
    for (const sample of Object.values(statuses)) expect(parseWhatsAppInbound(sample)).toEqual([]);
    expect(parseWhatsAppWebhook(messages.text).statuses).toEqual([]);
  });

  it.each([null, 'x', {}, { entry: [{ changes: [{ field: 'messages', value: { messages: [{ id: 'a', from: 'nope', timestamp: '1', type: 'text', text: { body: 'x' } }] } }] }] }])(
    'tolerates %j',
    (payload) => {
      expect(parseWhatsAppInbound(payload)).toEqual([]);
    },
  );
});
