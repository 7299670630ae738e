import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An operator may be restricted to named areas of the library: NULL = anywhere. The ids are not
 * foreign keys (an array cannot be one); an id whose area is gone simply allows nothing.
 */
export class OperatorAreas1764710000000 implements MigrationInterface {
  name = 'OperatorAreas1764710000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "operator" ADD COLUMN "allowed_area_ids" uuid[]`);
    await db.query(`ALTER TABLE "operator" ADD CONSTRAINT "operator_allowed_areas_not_empty" CHECK ("allowed_area_ids" IS NULL OR cardinality("allowed_area_ids") > 0)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "operator" DROP CONSTRAINT "operator_allowed_areas_not_empty"`);
    await db.query(`ALTER TABLE "operator" DROP COLUMN "allowed_area_ids"`);
  }
}
