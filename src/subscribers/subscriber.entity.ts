import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('subscriber')
@Check('subscriber_status_known', `"status" IN ('active','stopped','erased')`)
export class SubscriberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('subscriber_phone_key', { unique: true })
  @Column('text', { nullable: true })
  phone!: string | null;

  @Column('text')
  language!: string;

  @Column('text', { array: true })
  channels!: string[];

  @Column('text', { default: 'active' })
  status!: string;

  @Column('text', { name: 'consent_source' })
  consentSource!: string;

  @Column('timestamptz', { name: 'consent_at' })
  consentAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
