import { Check, Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One self-service opt-in: a hashed one-time code waiting for confirmation. */
@Entity('optin_attempt')
@Check('optin_attempt_state_known', `"state" IN ('pending','confirmed','locked')`)
@Index('optin_attempt_phone_idx', ['phone', 'createdAt'])
@Index('optin_attempt_ip_idx', ['ip', 'createdAt'])
export class OptinAttemptEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  phone!: string;

  @Column('text')
  ip!: string;

  @Column('bytea', { name: 'code_hash' })
  codeHash!: Buffer;

  @Column('integer', { name: 'wrong_codes', default: 0 })
  wrongCodes!: number;

  @Column('text', { default: 'pending' })
  state!: string;

  /** What the citizen asked for (language, channels, locations, regions, tags), applied on confirmation. */
  @Column('jsonb')
  request!: Record<string, unknown>;

  @Column('text', { name: 'wording_version' })
  wordingVersion!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'expires_at' })
  expiresAt!: Date;

  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt!: Date | null;
}
