import { createHash, timingSafeEqual } from 'node:crypto';
import { WebhookSignature } from '../channels/whatsapp/webhook-signature.js';
import type { InboundMessage } from './inbound/inbound-message.js';
import { parseWhatsAppInbound } from './inbound/whatsapp-inbound.parser.js';
import { ReceiptsError } from './receipts.errors.js';
import type { StatusBatcher } from './status-batcher.js';
import { parseWhatsAppWebhook } from './whatsapp-webhook.parser.js';

export interface HandshakeQuery {
  mode: string | undefined;
  verifyToken: string | undefined;
  challenge: string | undefined;
}

export interface WebhookResult {
  statuses: number;
  /** Inbound messages Beacon acts on (text, buttons, locations). */
  messages: number;
  ignored: number;
}

/** Where inbound messages go (the two-way messaging service). */
export interface InboundHandler {
  handle(messages: readonly InboundMessage[]): Promise<unknown>;
}

/** WhatsApp webhooks: the subscription handshake, then signed status reports applied to deliveries. */
export class WhatsAppReceiptsService {
  private readonly signature: WebhookSignature;

  constructor(
    private readonly settings: { appSecret: string; verifyToken: string },
    private readonly batcher: StatusBatcher,
    private readonly inbound: InboundHandler,
  ) {
    this.signature = new WebhookSignature(settings.appSecret);
  }

  /** Answers Meta's `hub.challenge` when the subscription request carries our verify token. */
  verifyHandshake(query: HandshakeQuery): string {
    if (query.mode !== 'subscribe' || !sameSecret(query.verifyToken, this.settings.verifyToken)) {
      throw new ReceiptsError('webhook.verify_token_mismatch', 'The webhook verify token does not match.');
    }
    if (query.challenge === undefined || query.challenge === '') throw new ReceiptsError('webhook.missing_challenge', 'hub.challenge is missing.');
    return query.challenge;
  }

  /** Checks the signature over the exact bytes received before reading anything from them. */
  async receive(rawBody: Buffer | undefined, signatureHeader: string | undefined): Promise<WebhookResult> {
    if (rawBody === undefined || !this.signature.verify(rawBody, signatureHeader)) {
      throw new ReceiptsError('webhook.invalid_signature', 'The X-Hub-Signature-256 header is missing or does not match the body.');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new ReceiptsError('webhook.malformed_payload', 'The webhook body is not valid JSON.');
    }
    const { statuses, ignored } = parseWhatsAppWebhook(payload);
    const messages = parseWhatsAppInbound(payload);
    await Promise.all([this.batcher.submit(statuses), messages.length === 0 ? Promise.resolve() : this.inbound.handle(messages)]);
    return { statuses: statuses.length, messages: messages.length, ignored: ignored - messages.length };
  }
}

/** Compares digests so neither the content nor the length of the secret leaks through timing. */
function sameSecret(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
