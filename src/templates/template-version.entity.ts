import { Check, Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OperatorEntity } from '../auth/operator.entity.js';
import { TemplateEntity } from './template.entity.js';

/** One immutable version of a template (a trigger refuses UPDATE and DELETE). */
@Entity('template_version')
@Check('template_version_positive', `"version" >= 1`)
export class TemplateVersionEntity {
  @PrimaryColumn('uuid', { name: 'template_id' })
  templateId!: string;

  @ManyToOne(() => TemplateEntity)
  @JoinColumn({ name: 'template_id', foreignKeyConstraintName: 'template_version_template_fk' })
  template?: TemplateEntity;

  @PrimaryColumn('integer')
  version!: number;

  @Column('text')
  name!: string;

  /** The checked `TemplateDefinition` (variables, texts per language, WhatsApp mapping). */
  @Column('jsonb')
  definition!: Record<string, unknown>;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @ManyToOne(() => OperatorEntity)
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'template_version_created_by_fk' })
  author?: OperatorEntity;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
