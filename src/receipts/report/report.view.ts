import type { CountsRow, FailureRow, GroupRow, RegionRow } from './report.repository.js';

export interface Percentiles {
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

export interface Counts {
  targeted: number;
  pending: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
}

export interface AlertReport {
  alertId: string;
  runId: string | null;
  /** Delivered or read: the message reached the person's phone. */
  reached: number;
  totals: Counts;
  failedByReason: { code: string; count: number; example: string | null }[];
  byChannel: (Counts & { channel: string })[];
  byLanguage: (Counts & { language: string })[];
  byRegion: (Counts & { regionId: string; name: string })[];
  /** Milliseconds from the audience freeze (approval) to each status, over the messages that reached it. */
  latencyMs: { sent: Percentiles; delivered: Percentiles; read: Percentiles };
  responses: { safe: number; help: number; responded: number };
}

const EMPTY_COUNTS: Counts = { targeted: 0, pending: 0, sent: 0, delivered: 0, read: 0, failed: 0 };
const NO_PERCENTILES: Percentiles = { p50: null, p90: null, p99: null };

/** Builds the report from the rows of ReportRepository. Pure. */
export function buildReport(input: {
  alertId: string;
  runId: string | null;
  groups: readonly GroupRow[];
  failures: readonly FailureRow[];
  regions: readonly RegionRow[];
  responses: { safe: number; help: number; responded: number };
}): AlertReport {
  const whole = input.groups.find((row) => row.grouping === 0);
  const totals = whole ? counts(whole) : EMPTY_COUNTS;
  return {
    alertId: input.alertId,
    runId: input.runId,
    reached: totals.delivered,
    totals,
    failedByReason: input.failures.map((row) => ({ code: row.code, count: row.count, example: row.example })),
    byChannel: input.groups.filter((row) => row.grouping === 1).map((row) => ({ channel: row.channel ?? '', ...counts(row) })),
    byLanguage: input.groups.filter((row) => row.grouping === 2).map((row) => ({ language: row.language ?? '', ...counts(row) })),
    byRegion: input.regions.map((row) => ({ regionId: row.regionId, name: row.name, ...counts(row) })),
    latencyMs: {
      sent: percentiles(whole?.sent_ms),
      delivered: percentiles(whole?.delivered_ms),
      read: percentiles(whole?.read_ms),
    },
    responses: input.responses,
  };
}

function counts(row: CountsRow): Counts {
  return { targeted: row.targeted, pending: row.pending, sent: row.sent, delivered: row.delivered, read: row.read, failed: row.failed };
}

function percentiles(values: readonly number[] | null | undefined): Percentiles {
  if (!values || values.length < 3) return NO_PERCENTILES;
  const round = (value: number | undefined) => (value === undefined || value === null ? null : Math.round(value));
  return { p50: round(values[0]), p90: round(values[1]), p99: round(values[2]) };
}
