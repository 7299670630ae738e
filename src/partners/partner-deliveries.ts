import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { runSql } from '../database/sql.js';

/** The channel partner deliveries go out on; subscribers' audiences never use it. */
export const PARTNER_CHANNEL = 'webhook';

/**
 * Puts one delivery per active partner into a dispatch run, in the caller's (approval) transaction:
 * channel `webhook`, subscriber_id = the partner id, recipient = the partner's URL. Language is the
 * run's default: a partner gets the whole alert (every language) in one document anyway.
 */
@Injectable()
export class PartnerDeliveries {
  async enqueue(manager: EntityManager, runId: string, priority: number, language: string): Promise<number> {
    const { affected } = await runSql(
      manager,
      `INSERT INTO delivery (run_id, subscriber_id, channel, recipient, language, priority)
       SELECT $1, p.id, $2, p.url, $3, $4 FROM partner_endpoint p WHERE p.active
       ON CONFLICT (run_id, subscriber_id, channel) DO NOTHING`,
      [runId, PARTNER_CHANNEL, language, priority],
    );
    return affected;
  }
}
