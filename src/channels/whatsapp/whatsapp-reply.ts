import type { SendOutcome } from '../channel.js';
import { classifyWhatsAppError, whatsAppErrorRule } from './whatsapp-errors.js';

/** Meta's pair rate limit is about one message per 6 s to one recipient; wait at least that long. */
const PAIR_RATE_WINDOW_MS = 6_000;

/** Turns the Cloud API's answer to a send into an outcome. Pure: the caller did the I/O. */
export function interpretSendReply(status: number, body: unknown, retryAfter: string | null, now: number): SendOutcome {
  if (status >= 200 && status < 300) {
    const id = acceptedMessageId(body);
    return id
      ? { kind: 'accepted', providerMessageId: id }
      : { kind: 'unknown', code: 'whatsapp:bad_response', message: `HTTP ${status} without a message id` };
  }
  const error = graphErrorOf(body);
  const code = error.code === undefined ? `whatsapp:http_${status}` : `whatsapp:${error.code}`;
  const message = error.message ?? `HTTP ${status}`;
  let retryAfterMs = parseRetryAfter(retryAfter, now);
  switch (classifyWhatsAppError(status, error.code, error.subcode)) {
    case 'permanent':
      return { kind: 'permanent', code, message };
    case 'retryable':
      return withRetryAfter({ kind: 'retryable', code, message, rateLimited: false }, retryAfterMs);
    case 'rate_limited': {
      const perRecipient = error.code !== undefined && whatsAppErrorRule(error.code, error.subcode)?.perRecipient === true;
      if (perRecipient) retryAfterMs = Math.max(retryAfterMs ?? 0, PAIR_RATE_WINDOW_MS);
      const text = perRecipient ? `per-recipient limit: ${message}` : message;
      return withRetryAfter({ kind: 'retryable', code, message: text, rateLimited: true, ...(perRecipient ? { perRecipient: true as const } : {}) }, retryAfterMs);
    }
  }
}

/** `Retry-After` as delta-seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function withRetryAfter(outcome: Extract<SendOutcome, { kind: 'retryable' }>, retryAfterMs: number | undefined): SendOutcome {
  return retryAfterMs === undefined ? outcome : { ...outcome, retryAfterMs };
}

function acceptedMessageId(body: unknown): string | undefined {
  const messages = field(body, 'messages');
  const first = Array.isArray(messages) ? (messages[0] as unknown) : undefined;
  const id = field(first, 'id');
  return typeof id === 'string' && id !== '' ? id : undefined;
}

function graphErrorOf(body: unknown): { code?: number; subcode?: number; message?: string } {
  const error = field(body, 'error');
  const code = field(error, 'code');
  const subcode = field(error, 'error_subcode');
  const details = field(field(error, 'error_data'), 'details');
  const message = field(error, 'message');
  return {
    code: typeof code === 'number' ? code : typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : undefined,
    subcode: typeof subcode === 'number' ? subcode : undefined,
    message: [message, details].filter((part): part is string => typeof part === 'string' && part !== '').join(': ') || undefined,
  };
}

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}
