import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { runSql } from '../database/sql.js';
import type { ClaimedDelivery, DeliveryOutcome, RunProgress, RunSpec } from './dispatch.types.js';
import { dueWhenSentSql, type FallbackPolicy, NO_UNCONFIRMED_FALLBACK } from './fallback-policy.js';

interface RunRow {
  id: string;
  messages: Record<string, string>;
  default_language: string;
  state: string;
  subject: string | null;
}

@Injectable()
export class DispatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async createRun(manager: EntityManager, spec: RunSpec): Promise<string> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO dispatch_run (priority, messages, default_language, expires_at, subject, channels) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [spec.priority, JSON.stringify(spec.messages), spec.defaultLanguage, spec.expiresAt ?? null, spec.subject ?? null, spec.channels ?? null],
    );
    return rows[0]!.id;
  }

  async findRuns(ids: readonly string[]): Promise<RunRow[]> {
    return this.dataSource.query(`SELECT id, messages, default_language, state, subject FROM dispatch_run WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async runStates(ids: readonly string[]): Promise<{ id: string; state: string }[]> {
    return this.dataSource.query(`SELECT id, state FROM dispatch_run WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async runState(runId: string): Promise<string | undefined> {
    const rows: { state: string }[] = await this.dataSource.query(`SELECT state FROM dispatch_run WHERE id = $1`, [runId]);
    return rows[0]?.state;
  }

  /** Moves a run from one state to another; false when it was not in `from`. */
  async setRunState(manager: EntityManager, runId: string, from: string, to: string): Promise<boolean> {
    const { affected } = await runSql(manager, `UPDATE dispatch_run SET state = $3 WHERE id = $1 AND state = $2`, [runId, from, to]);
    return affected > 0;
  }

  /** Extends the leases this worker still holds (it is alive; its sends are waiting or in flight). */
  async renewLeases(workerId: string, ids: readonly string[], leaseSeconds: number): Promise<void> {
    await runSql(
      this.dataSource,
      `UPDATE delivery SET lease_expires_at = now() + make_interval(secs => $3)
       WHERE id = ANY($2::bigint[]) AND lease_owner = $1 AND status = 'sending'`,
      [workerId, ids, leaseSeconds],
    );
  }

  /** The most urgent priority with a delivery due now, if any: lets a busy worker make room for it. */
  async mostUrgentDue(): Promise<number | undefined> {
    const rows: { priority: number }[] = await this.dataSource.query(
      `SELECT q.priority FROM delivery q
       WHERE q.status IN ('queued', 'sending') AND q.next_attempt_at <= now()
         AND (q.lease_expires_at IS NULL OR q.lease_expires_at < now())
         AND q.run_id = ANY(ARRAY(${RUNNING_RUNS_SQL}))
       ORDER BY q.priority, q.next_attempt_at, q.id LIMIT 1`,
    );
    return rows[0]?.priority;
  }

  /**
   * Leases up to `limit` due deliveries of running runs, most urgent first. SKIP LOCKED lets any
   * number of workers claim side by side; an expired lease (a dead worker) is claimable again.
   * The running runs are an array (not a join) and the claimed ids another, so the plan walks
   * `delivery_due_idx` in order and stops after `limit` rows, then updates them by primary key:
   * the cost is the batch's, not the queue's (a join made it sort every queued row per claim).
   */
  async claimDue(workerId: string, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
    const { rows } = await runSql<ClaimedDelivery>(this.dataSource, 
      `UPDATE delivery d
       SET status = 'sending', lease_owner = $1, lease_expires_at = now() + make_interval(secs => $3), attempts = d.attempts + 1,
           lease_takeovers = d.lease_takeovers + CASE WHEN d.status = 'sending' AND d.lease_expires_at IS NOT NULL THEN 1 ELSE 0 END
       WHERE d.id = ANY(ARRAY(
         SELECT q.id FROM delivery q
         WHERE q.status IN ('queued', 'sending') AND q.next_attempt_at <= now()
           AND (q.lease_expires_at IS NULL OR q.lease_expires_at < now())
           AND q.run_id = ANY(ARRAY(${RUNNING_RUNS_SQL}))
         ORDER BY q.priority, q.next_attempt_at, q.id
         LIMIT $2
         FOR UPDATE OF q SKIP LOCKED))
       RETURNING d.id, d.run_id AS "runId", d.channel, d.recipient, d.language, d.attempts, d.priority`,
      [workerId, limit, leaseSeconds],
    );
    return rows;
  }

  /**
   * Records a batch of send results in one statement; statuses a webhook already moved further stay.
   * A permanent failure is due for fallback at once; a send on a confirming channel after `policy`'s wait.
   */
  async recordOutcomes(outcomes: readonly DeliveryOutcome[], policy: FallbackPolicy = NO_UNCONFIRMED_FALLBACK): Promise<void> {
    if (outcomes.length === 0) return;
    const field = <T>(pick: (o: DeliveryOutcome) => T | undefined) => outcomes.map((o) => pick(o) ?? null);
    await runSql(this.dataSource, RECORD_SQL, [
      field((o) => o.id),
      field((o) => o.kind),
      field((o) => ('senderId' in o ? o.senderId : null)),
      field((o) => (o.kind === 'sent' ? o.providerMessageId : null)),
      field((o) => ('code' in o ? o.code : null)),
      field((o) => ('message' in o ? o.message : null)),
      field((o) => ('retryAt' in o ? o.retryAt.toISOString() : null)),
      policy.afterSeconds,
      policy.confirming,
    ]);
  }

  async progress(runId: string): Promise<RunProgress> {
    const rows: Record<keyof RunProgress, string>[] = await this.dataSource.query(
      `SELECT count(*) FILTER (WHERE fallback_of IS NULL) AS targeted,
         count(*) FILTER (WHERE status IN ('queued', 'sending')) AS queued,
         count(*) FILTER (WHERE sent_at IS NOT NULL OR delivered_at IS NOT NULL OR read_at IS NOT NULL) AS sent,
         count(*) FILTER (WHERE delivered_at IS NOT NULL OR read_at IS NOT NULL) AS delivered,
         count(*) FILTER (WHERE read_at IS NOT NULL) AS read,
         count(*) FILTER (WHERE status = 'failed') AS failed,
         count(*) FILTER (WHERE fallback_of IS NOT NULL) AS fallbacks
       FROM delivery WHERE run_id = $1`,
      [runId],
    );
    const row = rows[0]!;
    return {
      targeted: Number(row.targeted),
      queued: Number(row.queued),
      sent: Number(row.sent),
      delivered: Number(row.delivered),
      read: Number(row.read),
      failed: Number(row.failed),
      fallbacks: Number(row.fallbacks),
    };
  }

  /**
   * Marks runs with nothing left to send and no fallback pending as completed; each run is returned
   * to exactly one caller.
   */
  async completeFinishedRuns(): Promise<string[]> {
    // Past its alert's expiry a run sends nothing more: what still waits (not in flight) fails as expired.
    await runSql(this.dataSource, EXPIRE_WAITING_SQL);
    const { rows } = await runSql<{ id: string }>(
      this.dataSource,
      `UPDATE dispatch_run r SET state = 'completed', finished_at = now()
       WHERE r.state = 'running' AND r.freeze_state = 'complete'
         AND NOT EXISTS (SELECT 1 FROM delivery d WHERE d.run_id = r.id AND d.status IN ('queued', 'sending'))
         AND NOT EXISTS (SELECT 1 FROM delivery f WHERE f.run_id = r.id AND f.fallback_due_at IS NOT NULL)
       RETURNING r.id`,
    );
    return rows.map((row) => row.id);
  }

  /**
   * A digest of who was sent what and when, sealed into the audit chain at the end of a run. It covers
   * only what is fixed once a message is sent: which delivery went to whom on which channel under which
   * provider message id. Statuses and their times still move after the seal (late webhooks), and contact
   * data is erased on request, so neither is covered.
   */
  async digest(runId: string): Promise<{ digest: string; deliveries: number }> {
    const rows: { digest: string | null; deliveries: string }[] = await this.dataSource.query(
      `SELECT encode(sha256(convert_to(coalesce(string_agg(
                concat_ws('|', id, subscriber_id, channel, provider_message_id), E'\\n' ORDER BY id), ''), 'UTF8')), 'hex') AS digest,
              count(*) AS deliveries
       FROM delivery WHERE run_id = $1`,
      [runId],
    );
    return { digest: rows[0]!.digest ?? '', deliveries: Number(rows[0]!.deliveries) };
  }

  /** Notes, in the transaction that handled it (alert completed, digest sealed), that a run's end was handled. */
  async recordEnd(manager: EntityManager, runId: string): Promise<void> {
    await manager.query(`UPDATE dispatch_run SET end_recorded_at = now() WHERE id = $1 AND end_recorded_at IS NULL`, [runId]);
  }

  /** Runs that ended more than `graceSeconds` ago whose end was never handled (the announcing process died). */
  async unrecordedEnds(graceSeconds: number): Promise<{ id: string; state: 'completed' | 'aborted' }[]> {
    return this.dataSource.query(
      `SELECT id, state FROM dispatch_run
       WHERE state IN ('completed', 'aborted') AND end_recorded_at IS NULL AND finished_at < now() - make_interval(secs => $1)
       ORDER BY finished_at LIMIT 100`,
      [graceSeconds],
    );
  }

  /** Stops a run: nothing more is claimed, and what was still waiting is failed as aborted. */
  async abortRun(manager: EntityManager, runId: string): Promise<number> {
    await manager.query(`UPDATE dispatch_run SET state = 'aborted', finished_at = now() WHERE id = $1 AND state IN ('running', 'paused')`, [runId]);
    const { affected } = await runSql(
      manager,
      `UPDATE delivery SET status = 'failed', failed_at = now(), error_code = 'run_aborted', error_message = 'The dispatch was aborted before this message was sent.'
       WHERE run_id = $1 AND status = 'queued'`,
      [runId],
    );
    return affected;
  }
}

/** Runs whose deliveries may be sent now. */
const RUNNING_RUNS_SQL = `SELECT r.id FROM dispatch_run r WHERE r.state = 'running' AND (r.expires_at IS NULL OR r.expires_at > now())`;

const RECORD_SQL = `
UPDATE delivery d SET
  status = CASE o.kind
    WHEN 'sent' THEN CASE WHEN delivery_status_rank(d.status) < delivery_status_rank('sent') THEN 'sent' ELSE d.status END
    WHEN 'failed' THEN CASE WHEN delivery_status_rank(d.status) < delivery_status_rank('failed') THEN 'failed' ELSE d.status END
    WHEN 'retry' THEN CASE WHEN d.status = 'sending' THEN 'queued' ELSE d.status END
    WHEN 'released' THEN CASE WHEN d.status = 'sending' THEN 'queued' ELSE d.status END
    ELSE d.status END,
  attempts = CASE WHEN o.kind = 'released' THEN greatest(d.attempts - 1, 0) ELSE d.attempts END,
  unknown_outcomes = d.unknown_outcomes + CASE WHEN o.kind = 'unknown' THEN 1 ELSE 0 END,
  sender_id = coalesce(o.sender_id, d.sender_id),
  provider_message_id = coalesce(d.provider_message_id, o.provider_message_id),
  sent_at = CASE WHEN o.kind = 'sent' THEN coalesce(d.sent_at, now()) ELSE d.sent_at END,
  failed_at = CASE WHEN o.kind = 'failed' AND delivery_status_rank(d.status) < delivery_status_rank('failed') THEN now() ELSE d.failed_at END,
  error_code = CASE WHEN o.kind = 'sent' THEN NULL ELSE coalesce(o.error_code, d.error_code) END,
  error_message = CASE WHEN o.kind = 'sent' THEN NULL ELSE coalesce(o.error_message, d.error_message) END,
  next_attempt_at = coalesce(o.retry_at, d.next_attempt_at),
  lease_owner = NULL,
  lease_expires_at = NULL,
  fallback_due_at = CASE
    WHEN o.kind = 'failed' AND o.error_code IS DISTINCT FROM 'run_aborted' AND delivery_status_rank(d.status) < delivery_status_rank('failed') THEN now()
    WHEN o.kind = 'sent' AND delivery_status_rank(d.status) <= delivery_status_rank('sent') THEN ${dueWhenSentSql('d', '$8', '$9')}
    ELSE d.fallback_due_at END
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
  AS o(id, kind, sender_id, provider_message_id, error_code, error_message, retry_at)
WHERE d.id = o.id`;

const EXPIRE_WAITING_SQL = `
UPDATE delivery d SET status = 'failed', failed_at = now(), lease_owner = NULL, lease_expires_at = NULL,
  error_code = 'alert_expired', error_message = 'The alert expired before this message was sent.'
FROM dispatch_run r
WHERE d.run_id = r.id AND r.state = 'running' AND r.expires_at <= now()
  AND (d.status = 'queued' OR (d.status = 'sending' AND d.lease_expires_at < now()))`;
