import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { runSql } from '../database/sql.js';
import { areaSqlPredicate } from '../areas/area-sql.js';
import type { NormalizedArea } from '../areas/area.types.js';

export interface FreezeSpec {
  runId: string;
  area: NormalizedArea;
  priority: number;
  /** Channels Beacon can send on now; each person gets their first preferred one of these. */
  channels: readonly string[];
}

@Injectable()
export class AudienceRepository {
  /**
   * Freezes the audience into delivery rows with one INSERT ... SELECT: every active subscriber with
   * a location inside the area, once, on their first preferred available channel.
   */
  async freeze(manager: EntityManager, spec: FreezeSpec): Promise<number> {
    const inside = areaSqlPredicate(spec.area, 'l.position', 4);
    if (!manager.queryRunner?.isTransactionActive) throw new Error('the audience is frozen inside the approval transaction');
    const { affected } = await runSql(
      manager,
      `INSERT INTO delivery (run_id, subscriber_id, channel, recipient, language, priority)
       SELECT $1, s.id, preferred.channel, s.phone, s.language, $2
       FROM subscriber s
       CROSS JOIN LATERAL (
         SELECT c.channel FROM unnest(s.channels) WITH ORDINALITY AS c(channel, rank)
         WHERE c.channel = ANY($3::text[]) ORDER BY c.rank LIMIT 1
       ) preferred
       WHERE s.status = 'active' AND s.phone IS NOT NULL
         AND s.id IN (SELECT l.subscriber_id FROM subscriber_location l WHERE ${inside.sql})
       ON CONFLICT (run_id, subscriber_id, channel) DO NOTHING`,
      [spec.runId, spec.priority, spec.channels, ...inside.params],
    );
    return affected;
  }
}
