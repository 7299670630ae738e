import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** A partner system that receives every dispatched alert by webhook. Not a subscriber. */
@Entity('partner_endpoint')
@Check('partner_endpoint_format_known', `"format" IN ('cap','json')`)
export class PartnerEndpointEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text')
  url!: string;

  /** `cap`: CAP 1.2 XML; `json`: the same CAP message as JSON. */
  @Column('text')
  format!: string;

  /** The HMAC key of the signatures, stored as given: signing needs it in plain. Never returned after creation. */
  @Column('text')
  secret!: string;

  @Column('boolean', { default: true })
  active!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
