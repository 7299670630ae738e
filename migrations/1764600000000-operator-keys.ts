import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys can expire; rotation replaces the hash in place, so the old key stops working at once. */
export class OperatorKeys1764600000000 implements MigrationInterface {
  name = 'OperatorKeys1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "operator" ADD COLUMN "api_key_expires_at" timestamptz`);
    await db.query(`ALTER TABLE "operator" ADD COLUMN "api_key_rotated_at" timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "operator" DROP COLUMN "api_key_rotated_at"`);
    await db.query(`ALTER TABLE "operator" DROP COLUMN "api_key_expires_at"`);
  }
}
