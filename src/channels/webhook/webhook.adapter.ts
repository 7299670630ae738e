import type { ChannelAdapter, OutboundMessage, SendOutcome } from '../channel.js';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signPartnerPayload, TIMESTAMP_HEADER } from './partner-signature.js';
import type { WebhookPayloads } from './webhook-payloads.js';
import { interpretWebhookReply } from './webhook-reply.js';

/** The webhook channel's one sender identity: partners share its pacing. */
export const WEBHOOK_SENDER = 'webhook';

type Fetch = typeof fetch;

/**
 * POSTs an alert to a partner system (the delivery's recipient is the partner's URL), signed with
 * the partner's secret over the timestamp and the exact body. Redirects are not followed: a signed
 * request goes only where the partner was registered.
 */
export class WebhookAdapter implements ChannelAdapter {
  readonly channel = 'webhook';
  readonly senderIds = [WEBHOOK_SENDER];

  constructor(
    private readonly payloads: WebhookPayloads,
    private readonly timeoutMs: number,
    private readonly fetchFn: Fetch = fetch,
    private readonly clock: () => number = Date.now,
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    let payload;
    try {
      payload = await this.payloads.forDelivery(message.deliveryId);
    } catch (error) {
      return { kind: 'retryable', code: 'webhook_payload_unavailable', message: `Could not build the payload: ${String(error)}`, rateLimited: false };
    }
    if (!payload) return { kind: 'permanent', code: 'webhook_partner_inactive', message: 'The partner was disabled, or the alert is gone.' };
    const timestamp = String(Math.floor(this.clock() / 1000));
    let response: Response;
    try {
      response = await this.fetchFn(message.recipient, {
        method: 'POST',
        headers: {
          'content-type': payload.contentType,
          'user-agent': 'Beacon-Webhook/1',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: signPartnerPayload(payload.secret, timestamp, payload.body),
          [DELIVERY_HEADER]: message.deliveryId,
        },
        body: payload.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      return requestFailure(error, this.timeoutMs);
    }
    await response.body?.cancel().catch(() => undefined);
    return interpretWebhookReply(response.status, response.headers.get('retry-after'), message.deliveryId, this.clock());
  }
}

/**
 * No answer. A timeout may come after the partner got the request: unknown. Any other network
 * failure is retried: the partner deduplicates by `X-Beacon-Delivery`, so a second copy is harmless.
 */
function requestFailure(error: unknown, timeoutMs: number): SendOutcome {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { kind: 'unknown', code: 'webhook_timeout', message: `No answer within ${timeoutMs} ms` };
  }
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  return { kind: 'retryable', code: 'webhook_network', message: `The request failed${typeof cause === 'string' ? ` (${cause})` : ''}: ${String(error)}`, rateLimited: false };
}
