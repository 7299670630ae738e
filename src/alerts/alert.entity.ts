import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OperatorEntity } from '../auth/operator.entity.js';
import { DispatchRunEntity } from '../dispatch/dispatch-run.entity.js';

@Entity('alert')
@Check('alert_state_known', `"state" IN ('draft','pending_approval','approved','dispatching','completed','rejected','cancelled')`)
@Check('alert_two_person_rule', `"decided_by" IS NULL OR "decided_by" <> "created_by"`)
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('alert_state_idx')
  @Column('text', { default: 'draft' })
  state!: string;

  @Column('text')
  headline!: string;

  @Column('text')
  event!: string;

  @Column('text')
  severity!: string;

  @Column('text')
  urgency!: string;

  @Column('text')
  certainty!: string;

  @Column('text')
  status!: string;

  @Column('jsonb')
  area!: Record<string, unknown>;

  @Column('jsonb')
  texts!: Record<string, string>;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @ManyToOne(() => OperatorEntity)
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'alert_created_by_fk' })
  author?: OperatorEntity;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @ManyToOne(() => OperatorEntity)
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'alert_decided_by_fk' })
  decider?: OperatorEntity;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { name: 'decision_reason', nullable: true })
  decisionReason!: string | null;

  @Column('uuid', { name: 'dispatch_run_id', nullable: true })
  dispatchRunId!: string | null;

  @ManyToOne(() => DispatchRunEntity)
  @JoinColumn({ name: 'dispatch_run_id', foreignKeyConstraintName: 'alert_dispatch_run_fk' })
  dispatchRun?: DispatchRunEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
