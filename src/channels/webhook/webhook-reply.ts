import type { SendOutcome } from '../channel.js';

const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * What a partner's HTTP answer means. Pure. 2xx: accepted (the provider id is the delivery id, which
 * the partner received in `X-Beacon-Delivery`). 408, 429 and 5xx: retry, never before Retry-After;
 * a 429 slows only this partner's delivery, not the other partners sharing the sender. Any other
 * status: permanent, with the status in the code (`webhook_400`).
 */
export function interpretWebhookReply(status: number, retryAfter: string | null, deliveryId: string, now: number): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'accepted', providerMessageId: deliveryId };
  const code = `webhook_${status}`;
  const message = `The partner answered HTTP ${status}`;
  if (status === 408 || status === 429 || status >= 500) {
    const retryAfterMs = parseRetryAfter(retryAfter, now);
    return {
      kind: 'retryable',
      code,
      message,
      rateLimited: status === 429,
      ...(status === 429 ? { perRecipient: true as const } : {}),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    };
  }
  return { kind: 'permanent', code, message };
}

/** `Retry-After` as delay-seconds or an HTTP date, in milliseconds from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(0, ms), MAX_RETRY_AFTER_MS);
}
