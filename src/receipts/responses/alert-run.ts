import type { DataSource } from 'typeorm';
import { NotFoundError } from '../../common/domain-error.js';

/**
 * The dispatch run of an alert (null before approval). Receipts know runs and deliveries; this one
 * read of the alert table maps the alert id of a URL onto its run.
 */
export async function runOfAlert(dataSource: DataSource, alertId: string): Promise<string | null> {
  const rows = (await dataSource.query<{ runId: string | null }[]>(`SELECT dispatch_run_id AS "runId" FROM alert WHERE id = $1`, [alertId]));
  const row = rows[0];
  if (!row) throw new NotFoundError('alert.not_found', `No alert ${alertId}.`);
  return row.runId;
}
