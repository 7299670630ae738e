import type { ChannelAdapter, OutboundMessage, SendOutcome, TextMessage } from '../channel.js';
import { fitToSegments } from './segments.js';
import { basicAuth, interpretTwilioReply, messagesPath } from './twilio-api.js';

export interface SmsAdapterSettings {
  /** Read per send: the simulator's URL is only known once the server listens. */
  baseUrl: () => string;
  accountSid: string;
  authToken: string;
  /** Sender numbers (E.164); a run's load is shared between them. */
  senderIds: readonly string[];
  /** Where the provider posts status callbacks; the delivery id rides along as `?d=`. */
  statusCallbackUrl: () => string;
  maxSegments: number;
  timeoutMs: number;
}

type Fetch = typeof fetch;

const CONNECT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** Sends alerts as SMS through a provider speaking the Twilio Messages API (or the built-in simulator). */
export class SmsAdapter implements ChannelAdapter {
  readonly channel = 'sms';
  readonly senderIds: readonly string[];

  constructor(
    private readonly settings: SmsAdapterSettings,
    private readonly fetchFn: Fetch = fetch,
  ) {
    this.senderIds = [...settings.senderIds];
  }

  send(message: OutboundMessage): Promise<SendOutcome> {
    const callback = new URL(this.settings.statusCallbackUrl());
    callback.searchParams.set('d', message.deliveryId);
    return this.post({ To: message.recipient, From: message.senderId, Body: fitToSegments(message.text, this.settings.maxSegments).text, StatusCallback: callback.toString() });
  }

  /** SMS has no conversation window: a reply may go at any time. */
  sendText(message: TextMessage): Promise<SendOutcome> {
    return this.post({ To: message.recipient, From: message.senderId, Body: fitToSegments(message.text, this.settings.maxSegments).text });
  }

  private async post(form: Record<string, string>): Promise<SendOutcome> {
    const { accountSid, authToken, timeoutMs } = this.settings;
    let response: Response;
    try {
      response = await this.fetchFn(`${this.settings.baseUrl()}${messagesPath(accountSid)}`, {
        method: 'POST',
        headers: { authorization: basicAuth(accountSid, authToken), 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      return requestFailure(error, timeoutMs);
    }
    let payload: unknown;
    try {
      const text = await response.text();
      payload = text === '' ? undefined : (JSON.parse(text) as unknown);
    } catch (error) {
      if (response.ok) return { kind: 'unknown', code: 'sms:response_lost', message: `HTTP ${response.status}, body unreadable: ${String(error)}` };
      payload = undefined;
    }
    return interpretTwilioReply(response.status, payload);
  }
}

function requestFailure(error: unknown, timeoutMs: number): SendOutcome {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return { kind: 'unknown', code: 'sms:timeout', message: `No answer within ${timeoutMs} ms` };
  }
  const code = error instanceof Error ? (error.cause as { code?: unknown } | undefined)?.code : undefined;
  const cause = typeof code === 'string' ? code : undefined;
  if (cause === undefined || CONNECT_ERRORS.has(cause)) {
    return { kind: 'retryable', code: 'sms:network', message: `Request failed before a response: ${String(error)}`, rateLimited: false };
  }
  return { kind: 'unknown', code: 'sms:network', message: `Request failed (${cause}): ${String(error)}` };
}
