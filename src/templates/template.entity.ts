import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OperatorEntity } from '../auth/operator.entity.js';

/** A template's identity and its current version; the content lives in `template_version`. */
@Entity('template')
@Check('template_key_format', `"key" ~ '^[a-z0-9][a-z0-9-]{1,62}$'`)
@Check('template_current_version_positive', `"current_version" >= 1`)
export class TemplateEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('template_key_key', { unique: true })
  @Column('text')
  key!: string;

  @Column('integer', { name: 'current_version' })
  currentVersion!: number;

  /** Null for the starter templates Beacon seeds itself. */
  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => OperatorEntity)
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'template_created_by_fk' })
  author?: OperatorEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
