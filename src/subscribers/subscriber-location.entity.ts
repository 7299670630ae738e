import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { SubscriberEntity } from './subscriber.entity.js';

@Entity('subscriber_location')
export class SubscriberLocationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Index('subscriber_location_subscriber_idx')
  @Column('uuid', { name: 'subscriber_id' })
  subscriberId!: string;

  /**
   * Enforced by triggers rather than a foreign key (checked per statement, not per row; deletes
   * cascade): see migration 1765300000000.
   */
  @ManyToOne(() => SubscriberEntity, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'subscriber_id' })
  subscriber?: SubscriberEntity;

  @Column('text', { nullable: true })
  label!: string | null;

  /** PostgreSQL `point`, x = longitude, y = latitude, as text "(x,y)". (The audience reads locations from `audience_member`.) */
  @Column('point')
  position!: string;
}
