import type { MigrationInterface, QueryRunner } from 'typeorm';

/** As `cellSql` in src/areas/area-grid.ts was when this migration was written (1/32° cells). */
const cell = (column: string) => `(floor((${column}[0] + 180) * 32)::integer * 5761 + floor((${column}[1] + 90) * 32)::integer)`;

const COLUMNS = [
  { table: 'audience_member', name: 'loc1_cell', source: 'loc1' },
  { table: 'audience_member', name: 'loc2_cell', source: 'loc2' },
  { table: 'audience_member_location', name: 'position_cell', source: 'position' },
];

/**
 * The grid cell of every audience location, so that a preview or freeze of an area with many
 * vertices decides most people by their cell and tests only those near an edge against the
 * polygon (see src/areas/area-grid.ts). Generated columns: the import and the triggers write rows
 * as before; adding them rewrites each table once. TypeORM reads a generated column's expression
 * from `typeorm_metadata` (for the schema check), so its rows go in too.
 */
export class AudienceCells1765500000000 implements MigrationInterface {
  name = 'AudienceCells1765500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "audience_member" ADD "loc1_cell" integer GENERATED ALWAYS AS (${cell('loc1')}) STORED, ADD "loc2_cell" integer GENERATED ALWAYS AS (${cell('loc2')}) STORED`);
    await db.query(`ALTER TABLE "audience_member_location" ADD "position_cell" integer NOT NULL GENERATED ALWAYS AS (${cell('position')}) STORED`);
    for (const column of COLUMNS) {
      await db.query(
        `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value")
         VALUES (current_database(), current_schema(), $1, 'GENERATED_COLUMN', $2, $3)`,
        [column.table, column.name, cell(column.source)],
      );
    }
  }

  async down(db: QueryRunner): Promise<void> {
    for (const column of COLUMNS) {
      await db.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = $1 AND "name" = $2`, [column.table, column.name]);
      await db.query(`ALTER TABLE "${column.table}" DROP COLUMN "${column.name}"`);
    }
  }
}
