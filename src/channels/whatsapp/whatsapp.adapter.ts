import type { ChannelAdapter, OutboundMessage, SendOutcome, TextMessage } from '../channel.js';
import { buildTemplateMessage, buildTextMessage } from './graph-api.js';
import { interpretSendReply } from './whatsapp-reply.js';

export interface WhatsAppAdapterSettings {
  /** Read per send: the simulator's URL is only known once the server listens. */
  baseUrl: () => string;
  graphVersion: string;
  accessToken: string;
  senderIds: readonly string[];
  templateName: string;
  timeoutMs: number;
}

type Fetch = typeof fetch;

/** Errors raised before any response arrived, when the request cannot have been processed. */
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** Sends an alert as a WhatsApp template message through the Cloud API (or the built-in simulator). */
export class WhatsAppAdapter implements ChannelAdapter {
  readonly channel = 'whatsapp';
  readonly senderIds: readonly string[];

  constructor(
    private readonly settings: WhatsAppAdapterSettings,
    private readonly fetchFn: Fetch = fetch,
    private readonly clock: () => number = Date.now,
  ) {
    this.senderIds = [...settings.senderIds];
  }

  send(message: OutboundMessage): Promise<SendOutcome> {
    const { templateName } = this.settings;
    return this.post(
      message.senderId,
      buildTemplateMessage({ to: message.recipient, templateName, language: message.language, text: message.text, callbackData: message.deliveryId }),
      message.slotAt,
    );
  }

  /** Free-form text; the Cloud API refuses it (131047) outside the 24-hour customer-service window. */
  sendText(message: TextMessage): Promise<SendOutcome> {
    return this.post(message.senderId, buildTextMessage({ to: message.recipient, text: message.text, replyTo: message.replyTo }));
  }

  private async post(senderId: string, body: unknown, slotAt?: number): Promise<SendOutcome> {
    const { graphVersion, accessToken, timeoutMs } = this.settings;
    let response: Response;
    try {
      const url = `${this.settings.baseUrl()}/${graphVersion}/${encodeURIComponent(senderId)}/messages`;
      response = await this.fetchFn(url, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${accessToken}`,
          'content-type': 'application/json',
          accept: 'application/json',
          ...(slotAt === undefined ? {} : { 'x-beacon-slot-at': slotAt.toFixed(3) }),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return requestFailure(error, timeoutMs);
    }
    let payload: unknown;
    try {
      payload = await readJson(response);
    } catch (error) {
      // The provider answered, so it has the request: a success whose body was lost is still unknown.
      if (response.ok || isTimeout(error)) return { kind: 'unknown', code: 'whatsapp:response_lost', message: `HTTP ${response.status}, body unreadable: ${describe(error)}` };
      payload = undefined;
    }
    return interpretSendReply(response.status, payload, response.headers.get('retry-after'), this.clock());
  }
}

function requestFailure(error: unknown, timeoutMs: number): SendOutcome {
  // fetch cannot tell whether a timed-out request left the machine: assume it may have.
  if (isTimeout(error)) return { kind: 'unknown', code: 'whatsapp:timeout', message: `No answer within ${timeoutMs} ms` };
  const cause = causeCode(error);
  if (cause === undefined || CONNECT_ERRORS.has(cause)) {
    return { kind: 'retryable', code: 'whatsapp:network', message: `Request failed before a response${cause ? ` (${cause})` : ''}: ${describe(error)}`, rateLimited: false };
  }
  return { kind: 'unknown', code: 'whatsapp:network', message: `Request failed (${cause}): ${describe(error)}` };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

function causeCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
