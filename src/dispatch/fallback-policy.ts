import { recipientSql } from '../subscribers/contact-sql.js';

/**
 * Channels whose provider reports delivery (WhatsApp and SMS status callbacks) by default
 * (BEACON_FALLBACK_CONFIRMING_CHANNELS). Only there does "sent but not delivered in time" suggest
 * the message did not arrive; an email or webhook is never confirmed, so waiting for a confirmation
 * would send everyone a second alert.
 */
export const DELIVERY_CONFIRMING_CHANNELS: readonly string[] = ['whatsapp', 'sms'];

/** When a sent delivery that is not confirmed delivered falls back to the next channel. */
export interface FallbackPolicy {
  /** Seconds after sending; 0: never (only permanent failures fall back). */
  afterSeconds: number;
  /** Channels this applies to. */
  confirming: readonly string[];
}

export const NO_UNCONFIRMED_FALLBACK: FallbackPolicy = { afterSeconds: 0, confirming: [] };

export function fallbackPolicy(afterSeconds: number, confirming: readonly string[] = DELIVERY_CONFIRMING_CHANNELS): FallbackPolicy {
  return { afterSeconds, confirming };
}

/**
 * SQL for `fallback_due_at` once delivery `row` is sent: now + the wait on a confirming channel
 * (the earliest such time is kept), unchanged elsewhere. `seconds` and `channels` are parameters.
 */
export function dueWhenSentSql(row: string, seconds: string, channels: string): string {
  return `CASE WHEN ${seconds}::double precision > 0 AND ${row}.channel = ANY(${channels}::text[])
    THEN coalesce(${row}.fallback_due_at, now() + make_interval(secs => ${seconds}::double precision)) ELSE ${row}.fallback_due_at END`;
}

/**
 * A LATERAL subquery over subscriber `s` and delivery `row` (same person and run): the person's
 * next channel after `row.channel` in their own preference order that Beacon can send on (`channels`,
 * a text[] parameter) and the run allows (`runChannels`, its alert's channel filter, NULL: any), for
 * which they have an address and that was not tried in this run yet. Columns: `channel`, `recipient`.
 */
export function nextChannelSql(row: string, channels: string, runChannels: string): string {
  const recipient = recipientSql('c.channel', 's');
  return `SELECT c.channel, ${recipient} AS recipient
    FROM unnest(s.channels) WITH ORDINALITY AS c(channel, rank)
    WHERE c.channel = ANY(${channels}::text[]) AND (${runChannels} IS NULL OR c.channel = ANY(${runChannels}))
      AND c.rank > coalesce((SELECT p.rank FROM unnest(s.channels) WITH ORDINALITY AS p(channel, rank) WHERE p.channel = ${row}.channel LIMIT 1), 0)
      AND ${recipient} IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM delivery x WHERE x.run_id = ${row}.run_id AND x.subscriber_id = s.id AND x.channel = c.channel)
    ORDER BY c.rank LIMIT 1`;
}
