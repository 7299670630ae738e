import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('dispatch_run')
@Check('dispatch_run_state_known', `"state" IN ('running','paused','completed','aborted')`)
@Check('dispatch_run_freeze_state_known', `"freeze_state" IN ('pending','complete')`)
export class DispatchRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('integer')
  priority!: number;

  /** Message text per language, frozen when the run starts. */
  @Column('jsonb')
  messages!: Record<string, string>;

  @Column('text', { name: 'default_language' })
  defaultLanguage!: string;

  @Column('text', { default: 'running' })
  state!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'finished_at', nullable: true })
  finishedAt!: Date | null;

  /** The alert's expiry (CAP `expires`): after it nothing more is claimed, and what waits fails as expired. */
  @Column('timestamptz', { name: 'expires_at', nullable: true })
  expiresAt!: Date | null;

  /** A title for channels that show one (the email subject): the alert's headline. */
  @Column('text', { nullable: true })
  subject!: string | null;

  /** The run's end was handled (alert completed, digest sealed); an ended run without it is announced again. */
  @Column('timestamptz', { name: 'end_recorded_at', nullable: true })
  endRecordedAt!: Date | null;

  /** Channels the alert allowed (its audience filter): a fallback stays within them; null: any. */
  @Column('text', { array: true, nullable: true })
  channels!: string[] | null;

  /** `pending` while a staged freeze is still adding the rest of the audience: the run is not complete before it is. */
  @Column('text', { name: 'freeze_state', default: 'complete' })
  freezeState!: string;
}
