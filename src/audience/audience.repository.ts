import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AreaLibraryService } from '../areas/library/area-library.service.js';
import type { NormalizedArea } from '../areas/area.types.js';
import { runSql } from '../database/sql.js';
import { audienceSql, sampleInsideSql, type AudienceFilters } from './audience-sql.js';

/**
 * Above this share of all locations inside the area, a hash join beats one index probe per person.
 * PostgreSQL cannot estimate `point <@ polygon` (it assumes 0.1% of rows), so a 1% sample decides.
 */
const HASH_JOIN_SHARE = 0.02;

export interface FreezeSpec {
  runId: string;
  area: NormalizedArea;
  priority: number;
  /** Channels Beacon can send on now; each person gets their first preferred one of these. */
  channels: readonly string[];
  filters?: AudienceFilters;
}

export interface AudienceCounts {
  total: number;
  byChannel: Record<string, number>;
  byLanguage: Record<string, number>;
  /** Followers of each library area that intersects the alert's area. */
  byRegion: Record<string, number>;
}

@Injectable()
export class AudienceRepository {
  constructor(private readonly library: AreaLibraryService) {}

  /**
   * Freezes the audience into delivery rows with one INSERT ... SELECT: every active subscriber with
   * a location inside the area, or following a library area that intersects it, matching the
   * filters, once, on their first preferred available channel.
   */
  async freeze(manager: EntityManager, spec: FreezeSpec): Promise<number> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('the audience is frozen inside the approval transaction');
    const regionIds = await this.library.intersectingRegions(spec.area, manager);
    await this.choosePlan(manager, spec.area);
    const audience = audienceSql({ area: spec.area, regionIds, available: spec.channels, filters: spec.filters }, 3);
    const { affected } = await runSql(
      manager,
      `INSERT INTO delivery (run_id, subscriber_id, channel, recipient, language, priority)
       SELECT $1, s.id, preferred.channel, s.phone, s.language, $2 ${audience.from}
       ON CONFLICT (run_id, subscriber_id, channel) DO NOTHING`,
      [spec.runId, spec.priority, ...audience.params],
    );
    return affected;
  }

  /** The counts an operator sees before submitting, from the same SQL as the freeze. */
  preview(manager: EntityManager, spec: Omit<FreezeSpec, 'runId' | 'priority'>): Promise<AudienceCounts> {
    if (!manager.queryRunner?.isTransactionActive) return manager.transaction((inner) => this.preview(inner, spec));
    return this.countIn(manager, spec);
  }

  /**
   * For a large area, turns nested loops off for the rest of this transaction (SET LOCAL), so the
   * planner joins locations to subscribers by hashing instead of probing the primary key per person.
   */
  private async choosePlan(manager: EntityManager, area: NormalizedArea): Promise<void> {
    const sample = sampleInsideSql(area);
    const rows: { share: number }[] = await manager.query(sample.sql, sample.params);
    if ((rows[0]?.share ?? 0) > HASH_JOIN_SHARE) await manager.query('SET LOCAL enable_nestloop = off');
  }

  private async countIn(manager: EntityManager, spec: Omit<FreezeSpec, 'runId' | 'priority'>): Promise<AudienceCounts> {
    const regionIds = await this.library.intersectingRegions(spec.area, manager);
    await this.choosePlan(manager, spec.area);
    const audience = audienceSql({ area: spec.area, regionIds, available: spec.channels, filters: spec.filters }, 2);
    const rows: { dim: string; key: string | null; n: number }[] = await manager.query(
      `WITH audience AS MATERIALIZED (SELECT s.language, s.regions, preferred.channel ${audience.from})
       SELECT 'total' AS dim, NULL AS key, count(*)::int AS n FROM audience
       UNION ALL SELECT 'channel', channel, count(*)::int FROM audience GROUP BY channel
       UNION ALL SELECT 'language', language, count(*)::int FROM audience GROUP BY language
       UNION ALL SELECT 'region', r::text, count(*)::int FROM audience CROSS JOIN LATERAL unnest(regions) AS r
         WHERE r = ANY($1::uuid[]) GROUP BY r`,
      [regionIds, ...audience.params],
    );
    const counts: AudienceCounts = { total: 0, byChannel: {}, byLanguage: {}, byRegion: {} };
    for (const row of rows) {
      if (row.dim === 'total') counts.total = row.n;
      if (row.dim === 'channel') counts.byChannel[row.key!] = row.n;
      if (row.dim === 'language') counts.byLanguage[row.key!] = row.n;
      if (row.dim === 'region') counts.byRegion[row.key!] = row.n;
    }
    return counts;
  }
}
