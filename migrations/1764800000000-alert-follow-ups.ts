import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts remember the template version they were rendered from (with the variables and every
 * per-channel rendering), may start at a future onset (state `scheduled`), and may be followed by
 * an Update or a Cancel that references the earlier alert (which then becomes `superseded` or
 * `cancelled`); a scheduled alert whose expiry passes first ends `expired`.
 */
export class AlertFollowUps1764800000000 implements MigrationInterface {
  name = 'AlertFollowUps1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE "alert"
        ADD "template_id" uuid,
        ADD "template_version" integer,
        ADD "template_variables" jsonb,
        ADD "renderings" jsonb,
        ADD "onset_at" timestamptz,
        ADD "references_alert_id" uuid,
        ADD CONSTRAINT "alert_template_version_fk" FOREIGN KEY ("template_id", "template_version") REFERENCES "template_version" ("template_id", "version"),
        ADD CONSTRAINT "alert_references_alert_fk" FOREIGN KEY ("references_alert_id") REFERENCES "alert" ("id"),
        ADD CONSTRAINT "alert_template_recorded_whole" CHECK (("template_id" IS NULL) = ("template_version" IS NULL)),
        DROP CONSTRAINT "alert_state_known",
        ADD CONSTRAINT "alert_state_known" CHECK ("state" IN ('draft','pending_approval','approved','scheduled','dispatching','completed','rejected','cancelled','superseded','expired'))`);
    // The scheduler's look-up of due alerts; the follow-ups of an alert (its Update or Cancel).
    await db.query(`CREATE INDEX "alert_scheduled_idx" ON "alert" ("onset_at") WHERE "state" = 'scheduled'`);
    await db.query(`CREATE INDEX "alert_references_alert_idx" ON "alert" ("references_alert_id") WHERE "references_alert_id" IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS "alert_references_alert_idx"`);
    await db.query(`DROP INDEX IF EXISTS "alert_scheduled_idx"`);
    await db.query(`UPDATE "alert" SET "state" = 'cancelled' WHERE "state" IN ('scheduled','superseded','expired')`);
    await db.query(`
      ALTER TABLE "alert"
        DROP CONSTRAINT "alert_state_known",
        ADD CONSTRAINT "alert_state_known" CHECK ("state" IN ('draft','pending_approval','approved','dispatching','completed','rejected','cancelled')),
        DROP CONSTRAINT "alert_template_recorded_whole",
        DROP CONSTRAINT "alert_references_alert_fk",
        DROP CONSTRAINT "alert_template_version_fk",
        DROP COLUMN "references_alert_id",
        DROP COLUMN "onset_at",
        DROP COLUMN "renderings",
        DROP COLUMN "template_variables",
        DROP COLUMN "template_version",
        DROP COLUMN "template_id"`);
  }
}
