import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runSql } from '../database/sql.js';
import { nextChannelSql } from './fallback-policy.js';

/**
 * Channel fallback, set-based. A delivery whose `fallback_due_at` has come (failed for good, or sent
 * and not confirmed delivered in time) gets one new delivery on the person's next channel, linked by
 * `fallback_of`. The unique key (run, subscriber, channel) lets each channel be tried once per
 * person and run, and SKIP LOCKED plus ON CONFLICT DO NOTHING let any number of processes sweep.
 */
@Injectable()
export class FallbackRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Decides up to `limit` due deliveries: each falls back when its run still sends and its person
   * is active with a next channel; either way it is no longer pending.
   */
  async fallBackDue(channels: readonly string[], limit: number): Promise<{ decided: number; fallbacks: number }> {
    const rows: { decided: number; fallbacks: number }[] = await this.dataSource.query(FALL_BACK_SQL, [channels, limit]);
    return rows[0] ?? { decided: 0, fallbacks: 0 };
  }

  /**
   * Pending confirmations that can no longer lead anywhere stop holding their run open: the run
   * expired, or it has nothing left to send and the person has no next channel (or left).
   */
  async dropHopeless(channels: readonly string[]): Promise<number> {
    const { affected } = await runSql(this.dataSource, DROP_HOPELESS_SQL, [channels]);
    return affected;
  }
}

const FALL_BACK_SQL = `
WITH due AS (
  SELECT d.id, d.run_id, d.subscriber_id, d.channel, d.language, d.priority,
         r.state = 'running' AND (r.expires_at IS NULL OR r.expires_at > now()) AS sending, r.channels AS run_channels
  FROM delivery d JOIN dispatch_run r ON r.id = d.run_id
  WHERE d.fallback_due_at <= now() AND r.state <> 'paused'
  ORDER BY d.fallback_due_at
  LIMIT $2
  FOR UPDATE OF d SKIP LOCKED
), decided AS (
  UPDATE delivery d SET fallback_due_at = NULL FROM due WHERE d.id = due.id RETURNING d.id
), added AS (
  INSERT INTO delivery (run_id, subscriber_id, channel, recipient, language, priority, fallback_of)
  SELECT due.run_id, s.id, next.channel, next.recipient, due.language, due.priority, due.id
  FROM due
  JOIN subscriber s ON s.id = due.subscriber_id AND s.status = 'active'
  CROSS JOIN LATERAL (${nextChannelSql('due', '$1', 'due.run_channels')}) next
  WHERE due.sending
  ON CONFLICT (run_id, subscriber_id, channel) DO NOTHING
  RETURNING id
)
SELECT (SELECT count(*) FROM decided)::int AS decided, (SELECT count(*) FROM added)::int AS fallbacks`;

const DROP_HOPELESS_SQL = `
WITH idle AS (
  SELECT r.id, r.expires_at <= now() AS expired, r.channels FROM dispatch_run r
  WHERE r.state = 'running'
    AND (r.expires_at <= now() OR NOT EXISTS (SELECT 1 FROM delivery q WHERE q.run_id = r.id AND q.status IN ('queued', 'sending')))
)
UPDATE delivery d SET fallback_due_at = NULL
FROM idle
WHERE d.run_id = idle.id AND d.fallback_due_at > now()
  AND (idle.expired IS TRUE
    OR NOT EXISTS (SELECT 1 FROM subscriber s CROSS JOIN LATERAL (${nextChannelSql('d', '$1', 'idle.channels')}) next WHERE s.id = d.subscriber_id AND s.status = 'active'))`;
