import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Citizens and audience segmentation: subscriber tags and followed regions (GIN indexes), STOP /
 * erasure times, consent wording; the areas library; self-service double opt-in attempts.
 */
export class CitizensAudience1764200000000 implements MigrationInterface {
  name = 'CitizensAudience1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE "subscriber"
        ADD COLUMN "tags" text[] NOT NULL DEFAULT '{}',
        ADD COLUMN "regions" uuid[] NOT NULL DEFAULT '{}',
        ADD COLUMN "consent_wording" text,
        ADD COLUMN "stopped_at" timestamptz,
        ADD COLUMN "erased_at" timestamptz`);
    await db.query(`CREATE INDEX "subscriber_tags_idx" ON "subscriber" USING gin ("tags")`);
    await db.query(`CREATE INDEX "subscriber_regions_idx" ON "subscriber" USING gin ("regions")`);

    await db.query(`
      CREATE TABLE "area" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "key" text NOT NULL,
        "name" text NOT NULL,
        "kind" text NOT NULL,
        "geocodes" jsonb NOT NULL,
        "geometry" jsonb NOT NULL,
        "bbox" box NOT NULL,
        "vertices" integer NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX "area_key_key" ON "area" ("key")`);
    await db.query(`CREATE INDEX "area_bbox_idx" ON "area" USING gist ("bbox")`);
    await db.query(`CREATE INDEX "area_geocodes_idx" ON "area" USING gin ("geocodes")`);

    await db.query(`
      CREATE TABLE "optin_attempt" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "phone" text NOT NULL,
        "ip" text NOT NULL,
        "code_hash" bytea NOT NULL,
        "wrong_codes" integer NOT NULL DEFAULT 0,
        "state" text NOT NULL DEFAULT 'pending',
        "request" jsonb NOT NULL,
        "wording_version" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        "confirmed_at" timestamptz,
        CONSTRAINT "optin_attempt_state_known" CHECK ("state" IN ('pending','confirmed','locked'))
      )`);
    await db.query(`CREATE INDEX "optin_attempt_phone_idx" ON "optin_attempt" ("phone", "created_at")`);
    await db.query(`CREATE INDEX "optin_attempt_ip_idx" ON "optin_attempt" ("ip", "created_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS "optin_attempt"`);
    await db.query(`DROP TABLE IF EXISTS "area"`);
    await db.query(`DROP INDEX IF EXISTS "subscriber_regions_idx"`);
    await db.query(`DROP INDEX IF EXISTS "subscriber_tags_idx"`);
    await db.query(`
      ALTER TABLE "subscriber" DROP COLUMN "tags", DROP COLUMN "regions", DROP COLUMN "consent_wording",
        DROP COLUMN "stopped_at", DROP COLUMN "erased_at"`);
  }
}
