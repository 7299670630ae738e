import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { runSql } from '../../database/sql.js';
import type { AreaCandidate } from './join.rules.js';

export interface Consent {
  source: string;
  at: Date;
  wording: string;
}

/** The SQL of subscribing again (after a STOP) and of JOIN by message. */
@Injectable()
export class ConsentRepository {
  /** A stopped subscriber active again under a new consent; false when they were not stopped. */
  async resubscribe(manager: EntityManager, id: string, consent: Consent): Promise<boolean> {
    const { affected } = await runSql(
      manager,
      `UPDATE subscriber SET status = 'active', stopped_at = NULL, consent_source = $2, consent_at = $3, consent_wording = $4, updated_at = now()
       WHERE id = $1 AND status = 'stopped'`,
      [id, consent.source, consent.at, consent.wording],
    );
    return affected > 0;
  }

  /** Adds a library area to the regions the subscriber follows; false when they already did. */
  async follow(manager: EntityManager, id: string, areaId: string): Promise<boolean> {
    const { affected } = await runSql(
      manager,
      `UPDATE subscriber SET regions = array_append(regions, $2::uuid), updated_at = now() WHERE id = $1 AND NOT ($2::uuid = ANY(regions))`,
      [id, areaId],
    );
    return affected > 0;
  }

  /** Every library area's key, name and geocodes (the library holds hundreds, not millions). */
  areaCandidates(manager: EntityManager): Promise<AreaCandidate[]> {
    return manager.query(`SELECT id, key, name, geocodes FROM area`);
  }
}
