import { Check, Column, Entity, PrimaryColumn } from 'typeorm';

/** The global pace of one sender identity, shared by every worker process (see PacingRepository). */
@Entity('sender_pacing')
@Check('sender_pacing_rate_positive', `"rate" > 0 AND "max_rate" > 0`)
export class SenderPacingEntity {
  @PrimaryColumn('text', { name: 'sender_id', primaryKeyConstraintName: 'sender_pacing_pkey' })
  senderId!: string;

  @Column('double precision', { name: 'max_rate' })
  maxRate!: number;

  /** The current rate: halved on a provider rate-limit answer, recovering gradually to max_rate. */
  @Column('double precision')
  rate!: number;

  /** The next free send slot; a reservation of n slots moves it n/rate seconds on. */
  @Column('timestamptz', { name: 'next_free_at', default: () => 'now()' })
  nextFreeAt!: Date;

  @Column('timestamptz', { name: 'rate_updated_at', default: () => 'now()' })
  rateUpdatedAt!: Date;

  /** The last halving of the rate; answers within a second of it do not halve it again. */
  @Column('timestamptz', { name: 'backed_off_at', nullable: true })
  backedOffAt!: Date | null;

  @Column('integer', { name: 'back_offs', default: 0 })
  backOffs!: number;
}
