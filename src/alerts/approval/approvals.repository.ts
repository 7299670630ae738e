import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { runSql } from '../../database/sql.js';
import type { RecordedApproval } from './approval-rules.js';

interface ApprovalRow {
  alert_id: string;
  approver_id: string;
  content_hash: string;
  approvals_required: number;
  approved_at: Date;
}

const COLUMNS = 'alert_id, approver_id, content_hash, approvals_required, approved_at';

function toApproval(row: ApprovalRow): RecordedApproval {
  return { approverId: row.approver_id, contentHash: row.content_hash, approvalsRequired: row.approvals_required, approvedAt: row.approved_at };
}

/** The `alert_approval` rows: one per approver of an alert, each with the content hash approved. */
@Injectable()
export class ApprovalsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(manager: EntityManager | undefined, alertId: string): Promise<RecordedApproval[]> {
    return (await this.listFor(manager, [alertId])).get(alertId) ?? [];
  }

  /** Approvals of several alerts at once, oldest first, by alert id. */
  async listFor(manager: EntityManager | undefined, alertIds: readonly string[]): Promise<Map<string, RecordedApproval[]>> {
    const byAlert = new Map<string, RecordedApproval[]>();
    if (alertIds.length === 0) return byAlert;
    const rows: ApprovalRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT ${COLUMNS} FROM alert_approval WHERE alert_id = ANY($1::uuid[]) ORDER BY approved_at, approver_id`,
      [alertIds],
    );
    for (const row of rows) byAlert.set(row.alert_id, [...(byAlert.get(row.alert_id) ?? []), toApproval(row)]);
    return byAlert;
  }

  async record(manager: EntityManager, alertId: string, approval: Omit<RecordedApproval, 'approvedAt'>): Promise<RecordedApproval> {
    const { rows } = await runSql<ApprovalRow>(
      manager,
      `INSERT INTO alert_approval (alert_id, approver_id, content_hash, approvals_required) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
      [alertId, approval.approverId, approval.contentHash, approval.approvalsRequired],
    );
    return toApproval(rows[0]!);
  }

  /** Deletes the alert's approvals (all, or those of other content than `keepHash`); returns what was voided. */
  async void(manager: EntityManager, alertId: string, keepHash?: string): Promise<RecordedApproval[]> {
    const { rows } = await runSql<ApprovalRow>(
      manager,
      `DELETE FROM alert_approval WHERE alert_id = $1 AND ($2::text IS NULL OR content_hash <> $2) RETURNING ${COLUMNS}`,
      [alertId, keepHash ?? null],
    );
    return rows.map(toApproval).sort((a, b) => a.approvedAt.getTime() - b.approvedAt.getTime());
  }
}
