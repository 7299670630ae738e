import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SubscriberEntity } from './subscriber.entity.js';

@Entity('subscriber_location')
export class SubscriberLocationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Index('subscriber_location_subscriber_idx')
  @Column('uuid', { name: 'subscriber_id' })
  subscriberId!: string;

  @ManyToOne(() => SubscriberEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscriber_id', foreignKeyConstraintName: 'subscriber_location_subscriber_fk' })
  subscriber?: SubscriberEntity;

  @Column('text', { nullable: true })
  label!: string | null;

  /** PostgreSQL `point`, x = longitude, y = latitude, as text "(x,y)". (The audience reads locations from `audience_member`.) */
  @Column('point')
  position!: string;
}
