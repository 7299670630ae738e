import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BEACON_CONFIG } from '../config/config.module.js';
import type { BeaconConfig } from '../config/config.js';
import { runSql } from '../database/sql.js';
import type { StatusUpdate } from './delivery-status.js';
import { dueWhenSentSql, type FallbackPolicy, fallbackPolicy } from './fallback-policy.js';

/**
 * Applies provider status reports to deliveries in one statement per batch.
 * A report finds its row by the delivery id it carried back (checked against the provider
 * message id when the row already has one) or else by the provider message id.
 * Statuses only move forward; each status time is kept from the first report of it.
 * Channel fallback follows the status: delivered or read settles it, failed makes it due now, and
 * a first `sent` (e.g. after a crash, before the worker recorded it) starts the confirmation wait.
 */
@Injectable()
export class ReceiptsRepository {
  private readonly fallback: FallbackPolicy;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(BEACON_CONFIG) config: BeaconConfig,
  ) {
    this.fallback = fallbackPolicy(config.dispatch.fallbackAfterSeconds, config.dispatch.fallbackConfirmingChannels);
  }

  async applyStatusUpdates(updates: readonly StatusUpdate[]): Promise<number> {
    if (updates.length === 0) return 0;
    const { affected } = await runSql(this.dataSource, APPLY_SQL, [
      updates.map((u) => u.deliveryId),
      updates.map((u) => u.providerMessageId),
      updates.map((u) => u.status),
      updates.map((u) => u.at.toISOString()),
      updates.map((u) => u.errorCode ?? null),
      updates.map((u) => u.errorMessage ?? null),
      this.fallback.afterSeconds,
      this.fallback.confirming,
    ]);
    return affected;
  }
}

const APPLY_SQL = `
WITH report AS (
  SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[])
    AS r(delivery_id, provider_message_id, status, at, error_code, error_message)
), target AS (
  -- LATERAL keeps every lookup an index probe (primary key, then provider message id), whatever the table size.
  SELECT t.id, r.*
  FROM report r
  CROSS JOIN LATERAL (
    SELECT d.id FROM delivery d
    WHERE d.id = r.delivery_id AND (d.provider_message_id IS NULL OR d.provider_message_id = r.provider_message_id)
    UNION ALL
    SELECT d.id FROM delivery d
    WHERE d.provider_message_id = r.provider_message_id
      AND NOT EXISTS (SELECT 1 FROM delivery x WHERE x.id = r.delivery_id
                      AND (x.provider_message_id IS NULL OR x.provider_message_id = r.provider_message_id))
  ) t
), merged AS (
  SELECT id,
    min(provider_message_id) AS provider_message_id,
    (array_agg(status ORDER BY delivery_status_rank(status) DESC))[1] AS best,
    min(at) FILTER (WHERE status = 'sent') AS sent_at,
    min(at) FILTER (WHERE status = 'delivered') AS delivered_at,
    min(at) FILTER (WHERE status = 'read') AS read_at,
    min(at) FILTER (WHERE status = 'failed') AS failed_at,
    (array_agg(error_code ORDER BY at) FILTER (WHERE status = 'failed'))[1] AS error_code,
    (array_agg(error_message ORDER BY at) FILTER (WHERE status = 'failed'))[1] AS error_message
  FROM target GROUP BY id
)
UPDATE delivery d SET
  status = CASE WHEN delivery_status_rank(m.best) > delivery_status_rank(d.status) THEN m.best ELSE d.status END,
  provider_message_id = COALESCE(d.provider_message_id, m.provider_message_id),
  -- A later status implies sent; a delivered or read time that arrives late can only move sent_at earlier.
  sent_at = LEAST(COALESCE(d.sent_at, m.sent_at, m.delivered_at, m.read_at), m.delivered_at, m.read_at),
  delivered_at = COALESCE(d.delivered_at, m.delivered_at),
  read_at = COALESCE(d.read_at, m.read_at),
  failed_at = CASE WHEN delivery_status_rank(d.status) < delivery_status_rank('failed') THEN COALESCE(d.failed_at, m.failed_at) ELSE d.failed_at END,
  error_code = CASE WHEN m.failed_at IS NOT NULL AND delivery_status_rank(d.status) < delivery_status_rank('failed') THEN m.error_code ELSE d.error_code END,
  error_message = CASE WHEN m.failed_at IS NOT NULL AND delivery_status_rank(d.status) < delivery_status_rank('failed') THEN m.error_message ELSE d.error_message END,
  fallback_due_at = CASE
    WHEN delivery_status_rank(m.best) >= delivery_status_rank('delivered') THEN NULL
    WHEN m.best = 'failed' AND delivery_status_rank(d.status) < delivery_status_rank('failed') THEN now()
    WHEN m.best = 'sent' AND d.status IN ('queued', 'sending') THEN ${dueWhenSentSql('d', '$7', '$8')}
    ELSE d.fallback_due_at END
FROM merged m
WHERE d.id = m.id AND d.id = ANY(ARRAY(SELECT id FROM merged))
RETURNING d.id`;
