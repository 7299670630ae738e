import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OperatorEntity } from '../../auth/operator.entity.js';
import { AlertEntity } from '../alert.entity.js';

/**
 * One approval of an alert, bound to the hash of the content approved. A trigger refuses a row whose
 * approver is the alert's author, and any change to a row (migration 1764700000000).
 */
@Entity('alert_approval')
@Check('alert_approval_hash_format', `"content_hash" ~ '^[0-9a-f]{64}$'`)
@Check('alert_approval_required_range', `"approvals_required" BETWEEN 1 AND 2`)
export class AlertApprovalEntity {
  @PrimaryColumn('uuid', { name: 'alert_id', primaryKeyConstraintName: 'alert_approval_pkey' })
  alertId!: string;

  @ManyToOne(() => AlertEntity)
  @JoinColumn({ name: 'alert_id', foreignKeyConstraintName: 'alert_approval_alert_fk' })
  alert?: AlertEntity;

  @PrimaryColumn('uuid', { name: 'approver_id', primaryKeyConstraintName: 'alert_approval_pkey' })
  approverId!: string;

  @ManyToOne(() => OperatorEntity)
  @JoinColumn({ name: 'approver_id', foreignKeyConstraintName: 'alert_approval_approver_fk' })
  approver?: OperatorEntity;

  @Column('text', { name: 'content_hash' })
  contentHash!: string;

  /** How many approvals the alert needed, from its audience counted at the first approval. */
  @Column('smallint', { name: 'approvals_required' })
  approvalsRequired!: number;

  @Column('timestamptz', { name: 'approved_at', default: () => 'now()' })
  approvedAt!: Date;
}
