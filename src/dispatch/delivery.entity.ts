import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DispatchRunEntity } from './dispatch-run.entity.js';

@Entity('delivery')
@Check('delivery_status_known', `"status" IN ('queued','sending','sent','delivered','read','failed')`)
@Index('delivery_run_subscriber_channel_key', ['runId', 'subscriberId', 'channel'], { unique: true })
@Index('delivery_due_idx', ['priority', 'nextAttemptAt', 'id'], { where: `"status" IN ('queued','sending')` })
@Index('delivery_run_id_idx', ['runId', 'id'])
@Index('delivery_fallback_due_idx', ['fallbackDueAt'], { where: `"fallback_due_at" IS NOT NULL` })
export class DeliveryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('uuid', { name: 'run_id' })
  runId!: string;

  @ManyToOne(() => DispatchRunEntity)
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'delivery_run_fk' })
  run?: DispatchRunEntity;

  @Column('uuid', { name: 'subscriber_id' })
  subscriberId!: string;

  @Column('text')
  channel!: string;

  @Column('text')
  recipient!: string;

  @Column('text')
  language!: string;

  @Column('integer')
  priority!: number;

  @Column('text', { default: 'queued' })
  status!: string;

  @Column('integer', { default: 0 })
  attempts!: number;

  @Column('timestamptz', { name: 'next_attempt_at', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column('text', { name: 'lease_owner', nullable: true })
  leaseOwner!: string | null;

  @Column('timestamptz', { name: 'lease_expires_at', nullable: true })
  leaseExpiresAt!: Date | null;

  @Column('text', { name: 'sender_id', nullable: true })
  senderId!: string | null;

  @Index('delivery_provider_message_idx', { where: `"provider_message_id" IS NOT NULL` })
  @Column('text', { name: 'provider_message_id', nullable: true })
  providerMessageId!: string | null;

  @Column('text', { name: 'error_code', nullable: true })
  errorCode!: string | null;

  @Column('text', { name: 'error_message', nullable: true })
  errorMessage!: string | null;

  @Column('timestamptz', { name: 'queued_at', default: () => 'now()' })
  queuedAt!: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt!: Date | null;

  @Column('timestamptz', { name: 'failed_at', nullable: true })
  failedAt!: Date | null;

  /** Times a dead worker's lease on this row was taken over: a send may have been in flight. */
  @Column('integer', { name: 'lease_takeovers', default: 0 })
  leaseTakeovers!: number;

  /** Times a send ended without knowing whether the provider got it (timeout after sending). */
  @Column('integer', { name: 'unknown_outcomes', default: 0 })
  unknownOutcomes!: number;

  /** The delivery this one falls back from (the person's previous channel); null for the first channel. */
  @Column('bigint', { name: 'fallback_of', nullable: true })
  fallbackOf!: string | null;

  @ManyToOne(() => DeliveryEntity)
  @JoinColumn({ name: 'fallback_of', foreignKeyConstraintName: 'delivery_fallback_of_fk' })
  fallbackFrom?: DeliveryEntity;

  /** When this delivery falls back to the person's next channel unless confirmed first; null: nothing pending. */
  @Column('timestamptz', { name: 'fallback_due_at', nullable: true })
  fallbackDueAt!: Date | null;
}
