import { Inject, Injectable, Optional } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AreaLibraryService } from '../areas/library/area-library.service.js';
import { BEACON_CONFIG } from '../config/config.module.js';
import type { BeaconConfig } from '../config/config.js';
import type { NormalizedArea } from '../areas/area.types.js';
import { runSql } from '../database/sql.js';
import { audienceSql, previewCountsSql, sampleShareSql, type AudienceFilters, type AudienceQuery, type AudienceSlice } from './audience-sql.js';

export interface AudienceSpec {
  /** Null: nobody by area, only those reached by `reachedByRuns`. */
  area: NormalizedArea | null;
  /** Channels Beacon can send on now; each person gets their first preferred one of these. */
  channels: readonly string[];
  filters?: AudienceFilters;
  /**
   * Earlier dispatch runs (an Update or Cancel of their alerts): everyone they reached (delivery
   * sent, delivered or read) who is still active is in the audience too, once, on the channel they
   * were reached on (their preferred one if that channel is gone); of the filters only
   * `requiredTags` applies to them.
   */
  reachedByRuns?: readonly string[];
}

export interface FreezeSpec extends AudienceSpec {
  runId: string;
  priority: number;
}

export interface AudienceCounts {
  total: number;
  byChannel: Record<string, number>;
  byLanguage: Record<string, number>;
  /** Followers of each library area that intersects the alert's area. */
  byRegion: Record<string, number>;
}

/** What a staged freeze needs to finish later, exactly as decided at approval. */
interface StoredAudience {
  query: AudienceQuery;
  priority: number;
}

/**
 * People frozen in the approval transaction when the audience is staged (BEACON_FREEZE_FIRST_SLICE):
 * enough to keep the senders busy while the rest is frozen; a smaller audience is frozen whole at once.
 */
export const FIRST_SLICE = 5000;

/** Above this share of members in the area, a first slice walks the primary key rather than sorting. */
const INDEX_ORDER_SHARE = 0.02;

/**
 * The audience SQL, over `audience_member`: one row per active subscriber, kept by triggers in the
 * transactions that change subscribers (see migration 1765100000000). Preview and freeze read the
 * same rules (`audience-sql.ts`); the freeze is one INSERT ... SELECT.
 */
@Injectable()
export class AudienceRepository {
  private readonly firstSlice: number;

  constructor(
    private readonly library: AreaLibraryService,
    @Optional() @Inject(BEACON_CONFIG) config?: BeaconConfig,
  ) {
    this.firstSlice = config?.audience.firstSlice ?? FIRST_SLICE;
  }

  /**
   * Freezes the whole audience into delivery rows with one INSERT ... SELECT: every active subscriber
   * with a location inside the area, or following a library area that intersects it, matching the
   * filters, once, on their first preferred available channel they have an address for.
   */
  async freeze(manager: EntityManager, spec: FreezeSpec): Promise<number> {
    requireTransaction(manager);
    const { count } = await this.insert(manager, spec.runId, spec.priority, await this.query(manager, spec));
    return count;
  }

  /**
   * The first step of a staged freeze, in the approval transaction: the first `sliceSize` people of
   * the audience by subscriber id. When there are more, the run's `freeze_state` becomes pending and
   * what `freezeRest` needs is recorded with the approval time: the transaction stays short however
   * large the audience, and senders start on the first slice as soon as it commits.
   */
  async freezeFirstSlice(manager: EntityManager, spec: FreezeSpec, sliceSize = this.firstSlice): Promise<{ frozen: number; pending: boolean }> {
    requireTransaction(manager);
    const query = await this.query(manager, spec);
    // A large audience: walk the primary key (its first people are found at once); a small one:
    // scan and sort (walking the key would visit every row to find few).
    const share = query.area ? await this.sampleShare(manager, query) : 0;
    const first = await withSetting(manager, 'enable_sort', share > INDEX_ORDER_SHARE ? 'off' : 'on', () =>
      this.insert(manager, spec.runId, spec.priority, query, { first: sliceSize }),
    );
    if (first.count < sliceSize || first.last === null) return { frozen: first.count, pending: false };
    const stored: StoredAudience = { query, priority: spec.priority };
    await manager.query(`INSERT INTO audience_freeze (run_id, spec, after_subscriber, approved_at) VALUES ($1, $2, $3, now())`, [spec.runId, JSON.stringify(stored), first.last]);
    await manager.query(`UPDATE dispatch_run SET freeze_state = 'pending' WHERE id = $1`, [spec.runId]);
    return { frozen: first.count, pending: true };
  }

  /**
   * The second step: everyone of the audience after the first slice who was already a member at
   * approval (a STOP since is honoured: they are no longer members), in one INSERT ... SELECT, in
   * the caller's transaction, which also marks the freeze complete. Undefined when there is nothing
   * to do (done already, or another process is doing it: the rows are locked, SKIP LOCKED). A run
   * aborted meanwhile gets nothing more. Idempotent: the insert and the completion commit together.
   */
  async freezeRest(manager: EntityManager, runId: string): Promise<number | undefined> {
    requireTransaction(manager);
    const rows: { spec: StoredAudience; after: string; approved_at: Date; state: string }[] = await manager.query(
      `SELECT f.spec, f.after_subscriber AS after, f.approved_at, r.state FROM audience_freeze f JOIN dispatch_run r ON r.id = f.run_id
       WHERE f.run_id = $1 FOR UPDATE OF f, r SKIP LOCKED`,
      [runId],
    );
    const pending = rows[0];
    if (!pending) return undefined;
    const live = pending.state === 'running' || pending.state === 'paused';
    const { count } = live ? await this.insert(manager, runId, pending.spec.priority, pending.spec.query, { after: pending.after, joinedBy: pending.approved_at }) : { count: 0 };
    await manager.query(`DELETE FROM audience_freeze WHERE run_id = $1`, [runId]);
    await manager.query(`UPDATE dispatch_run SET freeze_state = 'complete' WHERE id = $1`, [runId]);
    return count;
  }

  /** Runs whose staged freeze is still to finish, oldest first. */
  async pendingFreezes(manager: EntityManager, limit: number): Promise<string[]> {
    const rows: { run_id: string }[] = await manager.query(`SELECT run_id FROM audience_freeze ORDER BY approved_at LIMIT $1`, [limit]);
    return rows.map((row) => row.run_id);
  }

  async recordFreezeFailure(manager: EntityManager, runId: string): Promise<void> {
    await manager.query(`UPDATE audience_freeze SET attempts = attempts + 1 WHERE run_id = $1`, [runId]);
  }

  /** The library regions of the spec's area resolved: the audience as the SQL takes it. */
  async query(manager: EntityManager, spec: AudienceSpec): Promise<AudienceQuery> {
    const regionIds = spec.area ? await this.library.intersectingRegions(spec.area, manager) : [];
    return { area: spec.area, regionIds, available: spec.channels, filters: spec.filters, reachedByRuns: spec.reachedByRuns };
  }

  /**
   * Inserts the audience, or a slice of it, into the run's delivery rows. Returns how many, and
   * with `slice.first` the greatest subscriber id inserted.
   */
  async insert(manager: EntityManager, runId: string, priority: number, query: AudienceQuery, slice?: AudienceSlice): Promise<{ count: number; last: string | null }> {
    const audience = audienceSql(query, 3, slice);
    const insert = `INSERT INTO delivery (run_id, subscriber_id, channel, recipient, language, priority)
       SELECT $1, a.subscriber_id, a.channel, a.recipient, a.language, $2 FROM (${audience.select}) a`;
    const params = [runId, priority, ...audience.params];
    if (slice?.first === undefined) {
      const { affected } = await runSql(manager, insert, params);
      return { count: affected, last: null };
    }
    const rows: { count: number; last: string | null }[] = await manager.query(
      `WITH inserted AS (${insert} RETURNING subscriber_id)
       SELECT count(*)::int AS count, max(subscriber_id::text)::uuid AS last FROM inserted`, // as text: uuids in hex sort alike
      params,
    );
    return rows[0] ?? { count: 0, last: null };
  }

  private async sampleShare(manager: EntityManager, query: AudienceQuery): Promise<number> {
    const sample = sampleShareSql(query, 1);
    const rows: { share: number }[] = await manager.query(sample.select, sample.params);
    return rows[0]?.share ?? 0;
  }

  /** The counts an operator sees before submitting, by the same rules as the freeze. */
  preview(manager: EntityManager, spec: AudienceSpec): Promise<AudienceCounts> {
    if (!manager.queryRunner?.isTransactionActive) return manager.transaction((inner) => this.preview(inner, spec));
    return this.countIn(manager, spec);
  }

  private async countIn(manager: EntityManager, spec: AudienceSpec): Promise<AudienceCounts> {
    const query = await this.query(manager, spec);
    const counts: AudienceCounts = { total: 0, byChannel: {}, byLanguage: {}, byRegion: {} };
    if (!query.area && !query.reachedByRuns?.length) return counts;
    const regionIds = new Set(query.regionIds);
    let rows: { channel: string | null; language: string; regions: string[] | null; n: number }[];
    if (query.area && !query.reachedByRuns?.length) {
      const sql = previewCountsSql({ ...query, area: query.area }, 1);
      // A hash aggregate, not a sort, whatever the planner guesses; the caller's transaction keeps its setting.
      rows = await withSetting(manager, 'enable_sort', 'off', () => manager.query(sql.select, sql.params));
    } else {
      const audience = audienceSql(query, 2);
      rows = await manager.query(
        `SELECT x.channel, x.language, CASE WHEN x.regions && $1::uuid[] THEN x.regions END AS regions, count(*)::int AS n
         FROM (${audience.select}) x GROUP BY 1, 2, 3`,
        [query.regionIds, ...audience.params],
      );
    }
    for (const row of rows) {
      if (row.channel === null || row.n === 0) continue;
      counts.total += row.n;
      counts.byChannel[row.channel] = (counts.byChannel[row.channel] ?? 0) + row.n;
      counts.byLanguage[row.language] = (counts.byLanguage[row.language] ?? 0) + row.n;
      for (const region of row.regions ?? []) if (regionIds.has(region)) counts.byRegion[region] = (counts.byRegion[region] ?? 0) + row.n;
    }
    return counts;
  }
}

export function requireTransaction(manager: EntityManager): void {
  if (!manager.queryRunner?.isTransactionActive) throw new Error('the audience is frozen inside a transaction');
}

/** Runs `work` with a planner setting changed for this transaction only, then puts the setting back. */
async function withSetting<T>(manager: EntityManager, name: string, value: string, work: () => Promise<T>): Promise<T> {
  const [previous] = await manager.query<{ value: string }[]>(`SELECT current_setting($1) AS value`, [name]);
  await manager.query(`SELECT set_config($1, $2, true)`, [name, value]);
  const result = await work();
  await manager.query(`SELECT set_config($1, $2, true)`, [name, previous!.value]);
  return result;
}
