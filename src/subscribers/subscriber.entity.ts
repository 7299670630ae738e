import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('subscriber')
@Check('subscriber_status_known', `"status" IN ('active','stopped','erased')`)
export class SubscriberEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('subscriber_phone_key', { unique: true })
  @Column('text', { nullable: true })
  phone!: string | null;

  @Index('subscriber_email_key', { unique: true })
  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text')
  language!: string;

  @Column('text', { array: true })
  channels!: string[];

  @Column('text', { default: 'active' })
  status!: string;

  /** Free labels operators may filter on, e.g. `needs-assistance`. */
  @Column('text', { array: true, default: () => "'{}'" })
  tags!: string[];

  /** Named areas of the areas library this subscriber follows, by id. */
  @Column('uuid', { array: true, default: () => "'{}'" })
  regions!: string[];

  @Column('text', { name: 'consent_wording', nullable: true })
  consentWording!: string | null;

  @Column('timestamptz', { name: 'stopped_at', nullable: true })
  stoppedAt!: Date | null;

  @Column('timestamptz', { name: 'erased_at', nullable: true })
  erasedAt!: Date | null;

  @Column('text', { name: 'consent_source' })
  consentSource!: string;

  @Column('timestamptz', { name: 'consent_at' })
  consentAt!: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
