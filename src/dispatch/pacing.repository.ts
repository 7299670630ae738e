import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runSql } from '../database/sql.js';

/** A block of send slots reserved for one sender identity, in the database server's clock. */
export interface ReservedSlots {
  /** Time of the first slot, epoch milliseconds (database clock). */
  firstAtMs: number;
  /** Milliseconds between two slots (1000 / current rate). */
  spacingMs: number;
  count: number;
  /** The database clock when the block was reserved, epoch milliseconds. */
  dbNowMs: number;
}

/**
 * The global pace of each sender identity, shared by every worker process: one row per identity
 * whose `next_free_at` moves on by n / rate seconds for every block of n slots reserved.
 * The arithmetic is one UPDATE ... RETURNING, so concurrent workers never share a slot.
 */
@Injectable()
export class PacingRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Creates the row of a sender identity, or updates its configured rate. */
  async ensureSender(senderId: string, maxRate: number): Promise<void> {
    await runSql(
      this.dataSource,
      `INSERT INTO sender_pacing (sender_id, max_rate, rate) VALUES ($1, $2, $2)
       ON CONFLICT (sender_id) DO UPDATE SET max_rate = EXCLUDED.max_rate, rate = least(sender_pacing.rate, EXCLUDED.max_rate)
       WHERE sender_pacing.max_rate <> EXCLUDED.max_rate`,
      [senderId, maxRate],
    );
  }

  /**
   * Reserves `count` consecutive slots. A sender idle for a while may start up to `burst` slots
   * in the past (a burst); the rate recovers by 10% of the configured rate per second after a back-off.
   */
  async reserve(senderId: string, count: number, burst: number): Promise<ReservedSlots> {
    const { rows } = await runSql<{ first_at_ms: number; spacing_ms: number; db_now_ms: number }>(this.dataSource, RESERVE_SQL, [senderId, count, burst]);
    const row = rows[0];
    if (!row) throw new Error(`sender ${senderId} has no pacing row`);
    return { firstAtMs: Number(row.first_at_ms), spacingMs: Number(row.spacing_ms), count, dbNowMs: Number(row.db_now_ms) };
  }

  /**
   * The provider said "too many" for this identity: every worker slows down. The rate halves
   * (at most once a second, however many answers say so) and no slot starts for `pauseMs`.
   */
  async backOff(senderId: string, pauseMs: number): Promise<void> {
    await runSql(
      this.dataSource,
      `UPDATE sender_pacing SET
         rate = CASE WHEN backed_off_at IS NULL OR backed_off_at < clock_timestamp() - interval '1 second'
                     THEN greatest(least(1, max_rate), rate / 2) ELSE rate END,
         backed_off_at = CASE WHEN backed_off_at IS NULL OR backed_off_at < clock_timestamp() - interval '1 second'
                     THEN clock_timestamp() ELSE backed_off_at END,
         back_offs = back_offs + 1,
         rate_updated_at = clock_timestamp(),
         next_free_at = greatest(next_free_at, clock_timestamp() + make_interval(secs => $2::double precision / 1000))
       WHERE sender_id = $1`,
      [senderId, pauseMs],
    );
  }

  async currentRate(senderId: string): Promise<number | undefined> {
    const rows: { rate: number }[] = await this.dataSource.query(`SELECT rate FROM sender_pacing WHERE sender_id = $1`, [senderId]);
    return rows[0]?.rate;
  }
}

// One UPDATE: the SET sub-select is evaluated for the row version the UPDATE locked, so the clock
// is read after any wait for that lock (a reservation by another process) and the rate recovery and
// slot arithmetic see what the previous reservation wrote. RETURNING gives the new row.
const RESERVE_SQL = `
UPDATE sender_pacing p SET (rate, rate_updated_at, next_free_at) = (
  SELECT c.rate, c.now,
         greatest(p.next_free_at, c.now - make_interval(secs => ($3::double precision - 1) / c.rate)) + make_interval(secs => $2::double precision / c.rate)
  FROM (SELECT t.now, least(p.max_rate, p.rate + p.max_rate * 0.1 * greatest(0, extract(epoch FROM t.now - p.rate_updated_at)))::double precision AS rate
        FROM (SELECT clock_timestamp() AS now) t) c)
WHERE p.sender_id = $1
RETURNING
  extract(epoch FROM p.next_free_at) * 1000 - $2::double precision * 1000 / p.rate AS first_at_ms,
  1000 / p.rate AS spacing_ms,
  extract(epoch FROM p.rate_updated_at) * 1000 AS db_now_ms`;
