import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { runSql } from '../database/sql.js';
import { ERASED_RECIPIENT } from './subscriber.rules.js';

/**
 * STOP, START and erasure: the statements that reach into the delivery queue. Deliveries are found
 * through their (run_id, subscriber_id, channel) unique index, one probe per run, so no extra index
 * on `delivery` is needed.
 */
@Injectable()
export class SubscriberOptOutRepository {
  async setStopped(manager: EntityManager, id: string, stopped: boolean): Promise<void> {
    await runSql(
      manager,
      `UPDATE subscriber SET status = $2, stopped_at = CASE WHEN $3 THEN now() ELSE NULL END, updated_at = now() WHERE id = $1`,
      [id, stopped ? 'stopped' : 'active', stopped],
    );
  }

  /**
   * Fails the subscriber's deliveries that are still waiting in running or paused dispatches. A
   * delivery a worker has already claimed (`sending`) is left to finish: it may be at the provider.
   */
  async withdrawQueued(manager: EntityManager, id: string, errorCode: string): Promise<number> {
    const { affected } = await runSql(
      manager,
      `UPDATE delivery d SET status = 'failed', failed_at = now(), error_code = $2,
              error_message = 'The subscriber opted out before this message was sent.'
       FROM dispatch_run r
       WHERE r.state IN ('running', 'paused') AND d.run_id = r.id AND d.subscriber_id = $1 AND d.status = 'queued'`,
      [id, errorCode],
    );
    return affected;
  }

  /**
   * Removes contact data and locations; the row stays (status `erased`) so counts and past deliveries
   * still add up, and past deliveries keep the subscriber id but lose the recipient.
   */
  async erase(manager: EntityManager, id: string): Promise<{ locations: number; deliveries: number }> {
    await runSql(
      manager,
      `UPDATE subscriber SET phone = NULL, email = NULL, status = 'erased', erased_at = now(), tags = '{}', regions = '{}',
              consent_wording = NULL, updated_at = now()
       WHERE id = $1`,
      [id],
    );
    const locations = await runSql(manager, `DELETE FROM subscriber_location WHERE subscriber_id = $1`, [id]);
    const deliveries = await runSql(
      manager,
      `UPDATE delivery d SET recipient = $2 FROM dispatch_run r
       WHERE d.run_id = r.id AND d.subscriber_id = $1 AND d.recipient <> $2`,
      [id, ERASED_RECIPIENT],
    );
    return { locations: locations.affected, deliveries: deliveries.affected };
  }
}
