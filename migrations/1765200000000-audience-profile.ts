import type { MigrationInterface, QueryRunner } from 'typeorm';

const CHANNELS = `'{whatsapp,sms,email,webhook}'::text[]`;
const entry = (k: number) => `coalesce(array_position(${CHANNELS}, channels[${k}]), 0)`;

/** As `PROFILE_SQL` in src/audience/audience-profile.ts was when this migration was written. */
const PROFILE = `(CASE WHEN phone IS NULL THEN 0 ELSE 1 END + CASE WHEN email IS NULL THEN 0 ELSE 2 END + 4 * (${entry(1)} + 5 * ${entry(2)} + 25 * ${entry(3)} + 125 * ${entry(4)}))::smallint`;

/**
 * `audience_member.profile`: what decides a person's channel (has a phone, has an email, the first
 * four entries of the preference list) as one small integer the preview counts by, instead of four
 * expressions (see src/audience/audience-profile.ts). A generated column: the import and the
 * triggers write the row as before and PostgreSQL keeps the profile in step; adding it rewrites the
 * table once. TypeORM reads a generated column's expression from its `typeorm_metadata` table (for
 * the schema check), so the row it would write goes in too. The statistics on `phone IS NULL` and
 * `email IS NULL` served only the preview's old grouping.
 */
export class AudienceProfile1765200000000 implements MigrationInterface {
  name = 'AudienceProfile1765200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "audience_member" ADD "profile" smallint NOT NULL GENERATED ALWAYS AS (${PROFILE}) STORED`);
    await db.query(
      `INSERT INTO "typeorm_metadata" ("database", "schema", "table", "type", "name", "value")
       VALUES (current_database(), current_schema(), 'audience_member', 'GENERATED_COLUMN', 'profile', $1)`,
      [PROFILE],
    );
    await db.query(`DROP STATISTICS "audience_member_contacts"`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE STATISTICS "audience_member_contacts" ON ("phone" IS NULL), ("email" IS NULL) FROM "audience_member"`);
    await db.query(`DELETE FROM "typeorm_metadata" WHERE "type" = 'GENERATED_COLUMN' AND "table" = 'audience_member' AND "name" = 'profile'`);
    await db.query(`ALTER TABLE "audience_member" DROP COLUMN "profile"`);
  }
}
