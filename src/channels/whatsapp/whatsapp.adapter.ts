import type { ChannelAdapter, OutboundMessage, SendOutcome, TextMessage } from '../channel.js';
import { fetchPost, type HttpPost, type HttpReply } from '../http-post.js';
import { buildTextMessage, TemplateMessageJson } from './graph-api.js';
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

/** Errors raised before any response arrived, when the request cannot have been processed. */
const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** Sends an alert as a WhatsApp template message through the Cloud API (or the built-in simulator). */
export class WhatsAppAdapter implements ChannelAdapter {
  readonly channel = 'whatsapp';
  readonly senderIds: readonly string[];
  private readonly templateJson = new TemplateMessageJson();
  private readonly authorization: string;

  constructor(
    private readonly settings: WhatsAppAdapterSettings,
    private readonly http: HttpPost = fetchPost(),
    private readonly clock: () => number = Date.now,
  ) {
    this.senderIds = [...settings.senderIds];
    this.authorization = `Bearer ${settings.accessToken}`;
  }

  send(message: OutboundMessage): Promise<SendOutcome> {
    const { templateName } = this.settings;
    const body = this.templateJson.build({ to: message.recipient, templateName, language: message.language, text: message.text, callbackData: message.deliveryId });
    return this.post(message.senderId, body, message.slotAt);
  }

  /** Free-form text; the Cloud API refuses it (131047) outside the 24-hour customer-service window. */
  sendText(message: TextMessage): Promise<SendOutcome> {
    return this.post(message.senderId, JSON.stringify(buildTextMessage({ to: message.recipient, text: message.text, replyTo: message.replyTo })));
  }

  private async post(senderId: string, body: string, slotAt?: number): Promise<SendOutcome> {
    const { graphVersion, timeoutMs } = this.settings;
    const headers: Record<string, string> = { authorization: this.authorization, 'content-type': 'application/json', accept: 'application/json' };
    if (slotAt !== undefined) headers['x-beacon-slot-at'] = slotAt.toFixed(3);
    let reply: HttpReply;
    try {
      reply = await this.http(`${this.settings.baseUrl()}/${graphVersion}/${encodeURIComponent(senderId)}/messages`, { headers, body, timeoutMs });
    } catch (error) {
      return requestFailure(error, timeoutMs);
    }
    const ok = reply.status >= 200 && reply.status < 300;
    let payload: unknown;
    try {
      if (reply.bodyError) throw reply.bodyError;
      payload = reply.body === '' ? undefined : (JSON.parse(reply.body) as unknown);
    } catch (error) {
      // The provider answered, so it has the request: a success whose body was lost is still unknown.
      if (ok || isTimeout(error)) return { kind: 'unknown', code: 'whatsapp:response_lost', message: `HTTP ${reply.status}, body unreadable: ${describe(error)}` };
      payload = undefined;
    }
    return interpretSendReply(reply.status, payload, reply.header('retry-after') ?? null, this.clock());
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
