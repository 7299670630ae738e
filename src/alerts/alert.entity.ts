import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OperatorEntity } from '../auth/operator.entity.js';
import { DispatchRunEntity } from '../dispatch/dispatch-run.entity.js';
import type { AudienceFilters } from '../audience/audience-sql.js';
import type { CapImportNotes, CapInfo } from './cap/cap.types.js';
import type { AlertRenderings } from './template/alert-template.js';
import { TemplateVersionEntity } from '../templates/template-version.entity.js';

@Entity('alert')
@Check('alert_state_known', `"state" IN ('draft','pending_approval','approved','scheduled','dispatching','completed','rejected','cancelled','superseded','expired')`)
@Check('alert_template_recorded_whole', `("template_id" IS NULL) = ("template_version" IS NULL)`)
@Check('alert_two_person_rule', `"decided_by" IS NULL OR "decided_by" <> "created_by"`)
@Check('alert_msg_type_known', `"msg_type" IN ('Alert','Update','Cancel')`)
@Check('alert_scope_known', `"scope" IN ('Public')`)
@Index('alert_cap_identifier_key', ['capSender', 'capIdentifier'], { unique: true, where: `"cap_identifier" IS NOT NULL` })
@Index('alert_scheduled_idx', ['onsetAt'], { where: `"state" = 'scheduled'` })
@Index('alert_references_alert_idx', ['referencesAlertId'], { where: `"references_alert_id" IS NOT NULL` })
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

  /** Who, inside the area, may receive (channels, languages, tags: each "any of"); NULL: everyone. */
  @Column('jsonb', { name: 'audience_filters', nullable: true })
  audienceFilters!: AudienceFilters | null;

  // Templates, scheduling, Update / Cancel (migration 1764800000000).
  /** The template version the texts were rendered from, with the variables given: a later version changes nothing here. */
  @Column('uuid', { name: 'template_id', nullable: true })
  templateId!: string | null;

  @Column('integer', { name: 'template_version', nullable: true })
  templateVersion!: number | null;

  @ManyToOne(() => TemplateVersionEntity)
  @JoinColumn([
    { name: 'template_id', referencedColumnName: 'templateId', foreignKeyConstraintName: 'alert_template_version_fk' },
    { name: 'template_version', referencedColumnName: 'version', foreignKeyConstraintName: 'alert_template_version_fk' },
  ])
  templateVersionRow?: TemplateVersionEntity;

  @Column('jsonb', { name: 'template_variables', nullable: true })
  templateVariables!: Record<string, unknown> | null;

  /** Per language, every channel's rendering (WhatsApp parameters, SMS, email, CAP, WEA) as recorded at drafting. */
  @Column('jsonb', { nullable: true })
  renderings!: AlertRenderings | null;

  /** When the dispatch may start (CAP `onset`, the earliest of the infos'); a later one makes an approved alert `scheduled`. */
  @Column('timestamptz', { name: 'onset_at', nullable: true })
  onsetAt!: Date | null;

  /** The earlier alert an Update or Cancel follows (CAP `references` names it and those before it). */
  @Column('uuid', { name: 'references_alert_id', nullable: true })
  referencesAlertId!: string | null;

  @ManyToOne(() => AlertEntity)
  @JoinColumn({ name: 'references_alert_id', foreignKeyConstraintName: 'alert_references_alert_fk' })
  referencedAlert?: AlertEntity;

  /** When the alert stops being current: the latest `expires` of its info blocks (NULL: never). */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
