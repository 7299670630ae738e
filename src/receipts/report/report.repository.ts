import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runOfAlert } from '../responses/alert-run.js';

/** Counters of one group of deliveries (all, one channel, one language, one region). */
export interface CountsRow {
  targeted: number;
  pending: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
}

export interface GroupRow extends CountsRow {
  channel: string | null;
  language: string | null;
  /** 0 for the whole run, 1 per channel, 2 per language. */
  grouping: number;
  sent_ms: number[] | null;
  delivered_ms: number[] | null;
  read_ms: number[] | null;
}

export interface FailureRow {
  code: string;
  count: number;
  example: string | null;
}

export interface RegionRow extends CountsRow {
  regionId: string;
  name: string;
}

const PERCENTILES = [0.5, 0.9, 0.99];

/** Milliseconds from the freeze (queued_at) to a status time; a provider's whole-second timestamp can land just before it. */
const since = (column: string) => `GREATEST(0, extract(epoch FROM ${column} - queued_at) * 1000)`;

const COUNTS = `
  count(*)::int AS targeted,
  count(*) FILTER (WHERE status IN ('queued', 'sending'))::int AS pending,
  count(*) FILTER (WHERE sent_at IS NOT NULL OR status IN ('sent', 'delivered', 'read'))::int AS sent,
  count(*) FILTER (WHERE delivered_at IS NOT NULL OR status IN ('delivered', 'read'))::int AS delivered,
  count(*) FILTER (WHERE read_at IS NOT NULL OR status = 'read')::int AS read,
  count(*) FILTER (WHERE status = 'failed')::int AS failed`;

/** The per-alert report in three statements, all set-based over the run's delivery rows. */
@Injectable()
export class ReportRepository {
  constructor(private readonly dataSource: DataSource) {}

  runOfAlert(alertId: string): Promise<string | null> {
    return runOfAlert(this.dataSource, alertId);
  }

  /** The whole run, per channel and per language, with latency percentiles (percentile_cont), in one pass. */
  async groups(runId: string): Promise<GroupRow[]> {
    const rows = await this.dataSource.query<(Omit<GroupRow, 'grouping'> & { g: number })[]>(
      `SELECT channel, language, (GROUPING(channel) * 2 + GROUPING(language)) AS g, ${COUNTS},
         percentile_cont($2::float8[]) WITHIN GROUP (ORDER BY ${since('sent_at')}) FILTER (WHERE sent_at IS NOT NULL) AS sent_ms,
         percentile_cont($2::float8[]) WITHIN GROUP (ORDER BY ${since('delivered_at')}) FILTER (WHERE delivered_at IS NOT NULL) AS delivered_ms,
         percentile_cont($2::float8[]) WITHIN GROUP (ORDER BY ${since('read_at')}) FILTER (WHERE read_at IS NOT NULL) AS read_ms
       FROM delivery WHERE run_id = $1
       GROUP BY GROUPING SETS ((), (channel), (language))`,
      [runId, PERCENTILES],
    );
    // GROUPING() is 3 for the grand total, 1 for a channel row, 2 for a language row.
    return rows.map(({ g, ...row }) => ({ ...row, grouping: g === 3 ? 0 : g === 1 ? 1 : 2 }));
  }

  async failures(runId: string): Promise<FailureRow[]> {
    return (await this.dataSource.query<FailureRow[]>(
      `SELECT COALESCE(error_code, 'unknown') AS code, count(*)::int AS count, min(error_message) AS example
       FROM delivery WHERE run_id = $1 AND status = 'failed'
       GROUP BY 1 ORDER BY count DESC, code`,
      [runId],
    ));
  }

  /** Per followed region of the library (a person following two regions counts in both). */
  async regions(runId: string): Promise<RegionRow[]> {
    return (await this.dataSource.query<RegionRow[]>(
      `SELECT a.id AS "regionId", a.name, ${COUNTS.replace(/\b(status|sent_at|delivered_at|read_at)\b/g, 'd.$1')}
       FROM delivery d
       JOIN subscriber s ON s.id = d.subscriber_id
       CROSS JOIN LATERAL unnest(s.regions) AS region(id)
       JOIN area a ON a.id = region.id
       WHERE d.run_id = $1
       GROUP BY a.id, a.name ORDER BY targeted DESC, a.name`,
      [runId],
    ));
  }
}

export { PERCENTILES };
