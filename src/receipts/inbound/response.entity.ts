import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { DeliveryEntity } from '../../dispatch/delivery.entity.js';
import { DispatchRunEntity } from '../../dispatch/dispatch-run.entity.js';
import { SubscriberEntity } from '../../subscribers/subscriber.entity.js';

/** One inbound message from a subscriber, tied to the alert (run and delivery) it answers when known. */
@Entity('response')
@Check('response_kind_known', `"kind" IN ('safe','help','stop','start','join','location','text')`)
@Index('response_channel_message_key', ['channel', 'providerMessageId'], { unique: true })
@Index('response_run_idx', ['runId', 'subscriberId', 'receivedAt'])
export class ResponseEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('text')
  channel!: string;

  @Column('text', { name: 'provider_message_id' })
  providerMessageId!: string;

  @Column('uuid', { name: 'subscriber_id' })
  subscriberId!: string;

  @ManyToOne(() => SubscriberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscriber_id', foreignKeyConstraintName: 'response_subscriber_fk' })
  subscriber?: SubscriberEntity;

  @Column('bigint', { name: 'delivery_id', nullable: true })
  deliveryId!: string | null;

  @ManyToOne(() => DeliveryEntity)
  @JoinColumn({ name: 'delivery_id', foreignKeyConstraintName: 'response_delivery_fk' })
  delivery?: DeliveryEntity;

  @Column('uuid', { name: 'run_id', nullable: true })
  runId!: string | null;

  @ManyToOne(() => DispatchRunEntity)
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'response_run_fk' })
  run?: DispatchRunEntity;

  @Column('text')
  kind!: string;

  @Column('text')
  language!: string;

  @Column('text', { nullable: true })
  body!: string | null;

  /** PostgreSQL `point`, x = longitude, y = latitude. */
  @Column('point', { nullable: true })
  position!: string | null;

  @Column('timestamptz', { name: 'received_at' })
  receivedAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
