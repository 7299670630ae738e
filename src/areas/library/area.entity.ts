import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { NormalizedArea } from '../area.types.js';
import type { Geocode } from './area-library.rules.js';

/** A named area of the library (a county, a district, a river basin), stored normalised. */
@Entity('area')
export class AreaEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** What makes an import idempotent: the first geocode as `valueName:value`, or `name:<kind>:<name>`. */
  @Index('area_key_key', { unique: true })
  @Column('text')
  key!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: string;

  /** CAP geocodes, `[{ valueName, value }]`; a GIN index answers `@>` lookups. */
  @Index('area_geocodes_idx', { synchronize: false }) // GIN: TypeORM cannot declare the method, so it leaves it alone
  @Column('jsonb')
  geocodes!: Geocode[];

  /** The normalised rings (`NormalizedArea`), ready for `areaSqlPredicate` and `pointInArea`. */
  @Column('jsonb')
  geometry!: NormalizedArea;

  /** Bounding box of every ring, as PostgreSQL's `box` text `(x2,y2),(x1,y1)`. */
  @Index('area_bbox_idx', { spatial: true })
  @Column('box')
  bbox!: string;

  @Column('integer')
  vertices!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
