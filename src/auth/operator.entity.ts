import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('operator')
@Check('operator_roles_known', `"roles" <@ ARRAY['operator','approver','admin','auditor']::text[] AND cardinality("roles") > 0`)
@Check('operator_allowed_areas_not_empty', `"allowed_area_ids" IS NULL OR cardinality("allowed_area_ids") > 0`)
export class OperatorEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  name!: string;

  @Column('text', { array: true })
  roles!: string[];

  @Index('operator_api_key_hash_key', { unique: true })
  @Column('bytea', { name: 'api_key_hash' })
  apiKeyHash!: Buffer;

  @Column('text', { name: 'api_key_prefix' })
  apiKeyPrefix!: string;

  @Column('timestamptz', { name: 'api_key_expires_at', nullable: true })
  apiKeyExpiresAt!: Date | null;

  @Column('timestamptz', { name: 'api_key_rotated_at', nullable: true })
  apiKeyRotatedAt!: Date | null;

  /** Library areas this operator may target (alerts must lie within their union); NULL = anywhere. */
  @Column('uuid', { name: 'allowed_area_ids', array: true, nullable: true })
  allowedAreaIds!: string[] | null;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
