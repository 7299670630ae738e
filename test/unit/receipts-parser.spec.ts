import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWhatsAppWebhook } from '../../src/receipts/whatsapp-webhook.parser.js';
import { SHARED_DATA } from '../support/shared-data.js';
import { join } from 'node:path';

// The real Cloud API samples live outside the repository; WHATSAPP_SAMPLES_DIR points elsewhere if needed.
const DATA = process.env.WHATSAPP_SAMPLES_DIR ?? join(SHARED_DATA, 'whatsapp');
const load = (file: string) => JSON.parse(readFileSync(`${DATA}/${file}`, 'utf8')) as Record<string, unknown>;
const statusSamples = load('pywa_message_status.json');
const messageSamples = load('pywa_message.json');

const at = (unix: number) => new Date(unix * 1000);

describe('parseWhatsAppWebhook on the real status samples', () => {
  it('covers every sample in the file', () => {
    expect(Object.keys(statusSamples).sort()).toEqual(['delivered', 'failed', 'group', 'played', 'read', 'sent', 'with_tracker']);
  });

  it.each([
    ['sent', { deliveryId: null, providerMessageId: 'wamid.xyzxyz', status: 'sent', at: at(1698266945) }],
    ['delivered', { deliveryId: null, providerMessageId: 'wamid.xyzxyz', status: 'delivered', at: at(1698266945) }],
    ['read', { deliveryId: null, providerMessageId: 'wamid.xyzxyz', status: 'read', at: at(1689380458) }],
    ['played', { deliveryId: null, providerMessageId: 'wamid.xyzxyz', status: 'read', at: at(1689380458) }],
    [
      'failed',
      {
        deliveryId: null,
        providerMessageId: 'wamid.xyzxyz',
        status: 'failed',
        at: at(1689380458),
        errorCode: 'whatsapp:130472',
        errorMessage: "User's number is part of an experiment: Failed to send message because this user's phone number is part of an experiment",
      },
    ],
    // "some data" is not a delivery id: the row is found by the provider message id instead.
    ['with_tracker', { deliveryId: null, providerMessageId: 'wamid.xyzxyz', status: 'sent', at: at(1698266945) }],
    ['group', { deliveryId: null, providerMessageId: '<WHATSAPP_MESSAGE_ID>', status: 'read', at: at(1698266945) }],
  ])('%s', (name, expected) => {
    expect(parseWhatsAppWebhook(statusSamples[name])).toEqual({ statuses: [expected], ignored: 0 });
  });
});

describe('parseWhatsAppWebhook on everything else Meta sends', () => {
  it.each(Object.keys(messageSamples))('inbound message sample %s is ignored, not an error', (name) => {
    const parsed = parseWhatsAppWebhook(messageSamples[name]);
    expect(parsed.statuses).toEqual([]);
    expect(parsed.ignored).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['pywa_callback_button.json', 'button'],
    ['pywa_template_status_update.json', 'approved'],
    ['pywa_template_status_update.json', 'rejected'],
    ['pywa_user_marketing_preferences.json', 'resume'],
  ])('%s %s is ignored', (file, name) => {
    expect(parseWhatsAppWebhook(load(file)[name])).toEqual({ statuses: [], ignored: 1 });
  });

  it.each([null, 'text', 42, [], {}, { object: 'page', entry: [] }, { object: 'whatsapp_business_account' }])('tolerates a payload like %j', (payload) => {
    expect(parseWhatsAppWebhook(payload)).toEqual({ statuses: [], ignored: 1 });
  });
});

describe('parseWhatsAppWebhook details', () => {
  const payload = (statuses: unknown[], extra: Record<string, unknown> = {}) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', statuses, ...extra } }] }],
  });
  const status = (fields: Record<string, unknown>) => ({ id: 'wamid.1', status: 'delivered', timestamp: '1700000000', recipient_id: '1555', ...fields });

  it.each([
    ['42', '42'],
    ['9223372036854775807', '9223372036854775807'],
    ['9223372036854775808', null],
    ['9999999999999999999', null],
    ['0', null],
    ['042', null],
    ['12a', null],
    ['', null],
    ['12345678901234567890', null],
  ])('callback data %j => delivery id %j', (callback, deliveryId) => {
    const parsed = parseWhatsAppWebhook(payload([status({ biz_opaque_callback_data: callback })]));
    expect(parsed.statuses[0]!.deliveryId).toBe(deliveryId);
  });

  it('reads several entries, changes and statuses, counting what it skips', () => {
    const parsed = parseWhatsAppWebhook({
      object: 'whatsapp_business_account',
      entry: [
        { id: '1', changes: [{ field: 'messages', value: { statuses: [status({ id: 'wamid.a' }), status({ id: 'wamid.b', status: 'sent' })] } }] },
        {
          id: '2',
          changes: [
            { field: 'messages', value: { statuses: [status({ id: 'wamid.c', status: 'deleted' }), status({ id: 'wamid.d', timestamp: 'soon' }), status({ id: 'wamid.e', biz_opaque_callback_data: '7' })] } },
            { field: 'message_template_status_update', value: { event: 'APPROVED' } },
            { field: 'messages', value: { messages: [{ id: 'wamid.in', type: 'text' }] } },
          ],
        },
      ],
    });
    expect(parsed.statuses.map((update) => [update.providerMessageId, update.status, update.deliveryId])).toEqual([
      ['wamid.a', 'delivered', null],
      ['wamid.b', 'sent', null],
      ['wamid.e', 'delivered', '7'],
    ]);
    expect(parsed.ignored).toBe(4);
  });

  it('gives a failed status without errors a generic code', () => {
    const parsed = parseWhatsAppWebhook(payload([status({ status: 'failed' })]));
    expect(parsed.statuses[0]).toMatchObject({ status: 'failed', errorCode: 'whatsapp:unknown' });
  });
});
