import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DispatchRunEntity } from '../dispatch/dispatch-run.entity.js';

/** A staged freeze still to finish: the rest of a run's audience, after its first slice. Deleted when done. */
@Entity('audience_freeze')
export class AudienceFreezeEntity {
  @PrimaryColumn('uuid', { name: 'run_id', primaryKeyConstraintName: 'audience_freeze_pkey' })
  runId!: string;

  @ManyToOne(() => DispatchRunEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'audience_freeze_run_fk' })
  run?: DispatchRunEntity;

  /** The audience as it was at approval (area, library regions, channels, filters, earlier runs, priority). */
  @Column('jsonb')
  spec!: Record<string, unknown>;

  /** The first slice froze everyone up to this subscriber id; the rest is everyone after it. */
  @Column('uuid', { name: 'after_subscriber' })
  afterSubscriber!: string;

  /** Who became a subscriber after this is not in the audience. */
  @Column('timestamptz', { name: 'approved_at' })
  approvedAt!: Date;

  /** Times finishing it was tried (a failing rest is retried by the sweep, and logged). */
  @Column('integer', { default: 0 })
  attempts!: number;
}
