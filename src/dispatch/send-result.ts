import type { SendOutcome } from '../channels/channel.js';
import { retryDelayMs } from './backoff.js';
import type { ClaimedDelivery, DeliveryOutcome } from './dispatch.types.js';

export interface RetryPolicy {
  maxAttempts: number;
  unknownResendMs: number;
}

/**
 * What a provider's answer means for the delivery: sent, failed for good, retry later (exponential
 * backoff with full jitter, never before the provider's Retry-After), or unknown (the request may
 * have gone out: wait for a status webhook, re-send only after `unknownResendMs`).
 */
export function toDeliveryOutcome(
  delivery: Pick<ClaimedDelivery, 'id' | 'attempts'>,
  senderId: string,
  outcome: SendOutcome,
  now: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
): DeliveryOutcome {
  switch (outcome.kind) {
    case 'accepted':
      return { id: delivery.id, kind: 'sent', senderId, providerMessageId: outcome.providerMessageId };
    case 'permanent':
      return { id: delivery.id, kind: 'failed', senderId, code: outcome.code, message: outcome.message };
    case 'unknown':
      return { id: delivery.id, kind: 'unknown', senderId, code: outcome.code, message: outcome.message, retryAt: new Date(now + policy.unknownResendMs) };
    case 'retryable': {
      if (delivery.attempts >= policy.maxAttempts) {
        return { id: delivery.id, kind: 'failed', senderId, code: outcome.code, message: `Gave up after ${delivery.attempts} attempts: ${outcome.message}` };
      }
      const wait = Math.max(outcome.retryAfterMs ?? 0, retryDelayMs(delivery.attempts, random));
      return { id: delivery.id, kind: 'retry', senderId, code: outcome.code, message: outcome.message, retryAt: new Date(now + wait) };
    }
  }
}
