import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { runSql } from '../../database/sql.js';
import type { AlertState } from '../alert-lifecycle.js';

/** One alert of a reference chain (an alert, the Update that followed it, ...). */
export interface ChainLink {
  id: string;
  state: AlertState;
  msgType: string;
  dispatchRunId: string | null;
}

/** States in which a follow-up is still on its way (not yet sent, not given up). */
const OPEN_STATES = ['draft', 'pending_approval', 'approved', 'scheduled'];

/** The links between an alert and its Update or Cancel messages (`alert.references_alert_id`). */
@Injectable()
export class FollowUpRepository {
  /** The alert and every earlier alert it follows, newest first. */
  async chain(manager: EntityManager, alertId: string): Promise<ChainLink[]> {
    return manager.query(
      `WITH RECURSIVE chain AS (
         SELECT id, state, msg_type, dispatch_run_id, references_alert_id, 0 AS depth FROM alert WHERE id = $1
         UNION ALL
         SELECT a.id, a.state, a.msg_type, a.dispatch_run_id, a.references_alert_id, c.depth + 1
         FROM alert a JOIN chain c ON a.id = c.references_alert_id
         WHERE c.depth < 1000
       )
       SELECT id, state, msg_type AS "msgType", dispatch_run_id AS "dispatchRunId" FROM chain ORDER BY depth`,
      [alertId],
    );
  }

  /** The dispatch runs of the alert and of every earlier alert it follows: whoever they reached is told. */
  async chainRunIds(manager: EntityManager, alertId: string): Promise<string[]> {
    return (await this.chain(manager, alertId)).flatMap((link) => (link.dispatchRunId ? [link.dispatchRunId] : []));
  }

  /** An Update or Cancel of the alert that is drafted, awaiting approval or scheduled. */
  async openFollowUp(manager: EntityManager, alertId: string): Promise<{ id: string; msgType: string } | undefined> {
    const rows: { id: string; msgType: string }[] = await manager.query(
      `SELECT id, msg_type AS "msgType" FROM alert WHERE references_alert_id = $1 AND state = ANY($2::text[]) ORDER BY created_at LIMIT 1`,
      [alertId, OPEN_STATES],
    );
    return rows[0];
  }

  /** The Update that superseded the alert. */
  async supersededBy(manager: EntityManager, alertId: string): Promise<string | undefined> {
    const rows: { id: string }[] = await manager.query(
      `SELECT id FROM alert WHERE references_alert_id = $1 AND msg_type = 'Update' AND dispatch_run_id IS NOT NULL ORDER BY created_at DESC LIMIT 1`,
      [alertId],
    );
    return rows[0]?.id;
  }

  /** Moves the alerts that are in one of `from` to `to`; returns each one moved with the state it left. */
  async moveStates(manager: EntityManager, ids: readonly string[], from: readonly AlertState[], to: AlertState): Promise<{ id: string; from: AlertState }[]> {
    if (ids.length === 0) return [];
    const { rows } = await runSql<{ id: string; from: AlertState }>(
      manager,
      `UPDATE alert a SET state = $3, updated_at = now()
       FROM (SELECT id, state FROM alert WHERE id = ANY($1::uuid[]) AND state = ANY($2::text[]) ORDER BY id FOR UPDATE) old
       WHERE a.id = old.id
       RETURNING a.id, old.state AS "from"`,
      [ids, from, to],
    );
    return rows;
  }
}
