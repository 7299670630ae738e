import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OperatorEntity } from '../auth/operator.entity.js';
import { DispatchRunEntity } from '../dispatch/dispatch-run.entity.js';
import type { CapImportNotes, CapInfo } from './cap/cap.types.js';

@Entity('alert')
@Check('alert_state_known', `"state" IN ('draft','pending_approval','approved','dispatching','completed','rejected','cancelled')`)
@Check('alert_two_person_rule', `"decided_by" IS NULL OR "decided_by" <> "created_by"`)
@Check('alert_msg_type_known', `"msg_type" IN ('Alert','Update','Cancel')`)
@Check('alert_scope_known', `"scope" IN ('Public')`)
@Index('alert_cap_identifier_key', ['capSender', 'capIdentifier'], { unique: true, where: `"cap_identifier" IS NOT NULL` })
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

  // CAP 1.2 (migration 1764100000000). The cap_* columns hold an imported CAP message's header and
  // info blocks; they are NULL for alerts drafted in JSON, whose CAP form is derived from the fields above.
  @Column('text', { name: 'msg_type', default: 'Alert' })
  msgType!: string;

  @Column('text', { default: 'Public' })
  scope!: string;

  @Column('text', { name: 'cap_identifier', nullable: true })
  capIdentifier!: string | null;

  @Column('text', { name: 'cap_sender', nullable: true })
  capSender!: string | null;

  /** `sent` as received, with its UTC offset. */
  @Column('text', { name: 'cap_sent', nullable: true })
  capSent!: string | null;

  @Column('text', { name: 'cap_references', nullable: true })
  capReferences!: string | null;

  @Column('text', { name: 'cap_source', nullable: true })
  capSource!: string | null;

  @Column('text', { name: 'cap_note', nullable: true })
  capNote!: string | null;

  @Column('text', { name: 'cap_codes', array: true, nullable: true })
  capCodes!: string[] | null;

  @Column('jsonb', { name: 'cap_infos', nullable: true })
  capInfos!: CapInfo[] | null;

  @Column('jsonb', { name: 'cap_import_notes', nullable: true })
  capImportNotes!: CapImportNotes | null;

  /** When the alert stops being current: the latest `expires` of its info blocks (NULL: never). */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
