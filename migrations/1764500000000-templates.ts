import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Versioned message templates. A template row names the template and points at its current
 * version; every change adds a `template_version` row, and versions are never changed or removed
 * (a trigger refuses it), so an alert that recorded (template, version) can always be re-rendered.
 */
export class Templates1764500000000 implements MigrationInterface {
  name = 'Templates1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "template" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "key" text NOT NULL,
        "current_version" integer NOT NULL,
        "created_by" uuid CONSTRAINT "template_created_by_fk" REFERENCES "operator" ("id"),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "template_key_format" CHECK ("key" ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        CONSTRAINT "template_current_version_positive" CHECK ("current_version" >= 1)
      )`);
    await db.query(`CREATE UNIQUE INDEX "template_key_key" ON "template" ("key")`);

    await db.query(`
      CREATE TABLE "template_version" (
        "template_id" uuid NOT NULL CONSTRAINT "template_version_template_fk" REFERENCES "template" ("id"),
        "version" integer NOT NULL,
        "name" text NOT NULL,
        "definition" jsonb NOT NULL,
        "created_by" uuid CONSTRAINT "template_version_created_by_fk" REFERENCES "operator" ("id"),
        "created_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("template_id", "version"),
        CONSTRAINT "template_version_positive" CHECK ("version" >= 1)
      )`);
    await db.query(`
      CREATE FUNCTION "template_version_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'template_version is immutable: a change makes a new version';
      END $$`);
    await db.query(`
      CREATE TRIGGER "template_version_immutable" BEFORE UPDATE OR DELETE ON "template_version"
      FOR EACH ROW EXECUTE FUNCTION "template_version_refuse_change"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS "template_version"`);
    await db.query(`DROP TABLE IF EXISTS "template"`);
    await db.query(`DROP FUNCTION IF EXISTS "template_version_refuse_change"()`);
  }
}
