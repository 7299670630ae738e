import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Approval rules: audience filters on alerts; one row per approval, bound to the hash of the content
 * approved; the two-person rule enforced by the database for every approval (not only the deciding one).
 */
export class ApprovalRules1764700000000 implements MigrationInterface {
  name = 'ApprovalRules1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "alert" ADD COLUMN "audience_filters" jsonb`);
    await db.query(`
      CREATE TABLE "alert_approval" (
        "alert_id" uuid NOT NULL CONSTRAINT "alert_approval_alert_fk" REFERENCES "alert" ("id"),
        "approver_id" uuid NOT NULL CONSTRAINT "alert_approval_approver_fk" REFERENCES "operator" ("id"),
        "content_hash" text NOT NULL,
        "approvals_required" smallint NOT NULL,
        "approved_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "alert_approval_pkey" PRIMARY KEY ("alert_id", "approver_id"),
        CONSTRAINT "alert_approval_hash_format" CHECK ("content_hash" ~ '^[0-9a-f]{64}$'),
        CONSTRAINT "alert_approval_required_range" CHECK ("approvals_required" BETWEEN 1 AND 2)
      )`);
    // The author never appears as an approver, whatever code writes the row.
    await db.query(`
      CREATE FUNCTION "alert_approval_not_by_author"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          RAISE EXCEPTION 'alert_approval rows are not changed: void (delete) an approval and record a new one' USING ERRCODE = 'check_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM "alert" WHERE "id" = NEW."alert_id" AND "created_by" = NEW."approver_id") THEN
          RAISE EXCEPTION 'two-person rule: the author of alert % cannot approve it', NEW."alert_id" USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER "alert_approval_two_person_rule" BEFORE INSERT OR UPDATE ON "alert_approval"
      FOR EACH ROW EXECUTE FUNCTION "alert_approval_not_by_author"()`);
    // ... and an alert's author cannot be rewritten to get round it.
    await db.query(`
      CREATE FUNCTION "alert_author_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the author of alert % cannot be changed', OLD."id" USING ERRCODE = 'check_violation';
      END $$`);
    await db.query(`
      CREATE TRIGGER "alert_author_fixed" BEFORE UPDATE OF "created_by" ON "alert"
      FOR EACH ROW WHEN (OLD."created_by" IS DISTINCT FROM NEW."created_by") EXECUTE FUNCTION "alert_author_fixed"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER IF EXISTS "alert_author_fixed" ON "alert"`);
    await db.query(`DROP FUNCTION IF EXISTS "alert_author_fixed"()`);
    await db.query(`DROP TABLE IF EXISTS "alert_approval"`);
    await db.query(`DROP FUNCTION IF EXISTS "alert_approval_not_by_author"()`);
    await db.query(`ALTER TABLE "alert" DROP COLUMN "audience_filters"`);
  }
}
