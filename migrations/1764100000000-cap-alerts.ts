import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CAP 1.2 on alerts: message type and scope, the header of an imported CAP message (identifier,
 * sender, sent as received, references, source, note, codes), its info blocks, what its import
 * dropped, and when the alert expires. Alerts drafted in JSON keep the CAP columns NULL; their CAP
 * form is derived from the basic fields (see src/alerts/cap/alert-to-cap.ts).
 */
export class CapAlerts1764100000000 implements MigrationInterface {
  name = 'CapAlerts1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE "alert"
        ADD "msg_type" text NOT NULL DEFAULT 'Alert',
        ADD "scope" text NOT NULL DEFAULT 'Public',
        ADD "cap_identifier" text,
        ADD "cap_sender" text,
        ADD "cap_sent" text,
        ADD "cap_references" text,
        ADD "cap_source" text,
        ADD "cap_note" text,
        ADD "cap_codes" text[],
        ADD "cap_infos" jsonb,
        ADD "cap_import_notes" jsonb,
        ADD "expires_at" timestamptz,
        ADD CONSTRAINT "alert_msg_type_known" CHECK ("msg_type" IN ('Alert','Update','Cancel')),
        ADD CONSTRAINT "alert_scope_known" CHECK ("scope" IN ('Public'))`);
    // One alert per CAP message from a partner: a resent message is refused, and a Cancel finds its alert.
    await db.query(`CREATE UNIQUE INDEX "alert_cap_identifier_key" ON "alert" ("cap_sender", "cap_identifier") WHERE "cap_identifier" IS NOT NULL`);
    // Nothing is sent after an alert's expiry: the claim skips runs whose expiry passed.
    await db.query(`ALTER TABLE "dispatch_run" ADD "expires_at" timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "dispatch_run" DROP COLUMN "expires_at"`);
    await db.query(`DROP INDEX IF EXISTS "alert_cap_identifier_key"`);
    await db.query(`
      ALTER TABLE "alert"
        DROP CONSTRAINT "alert_scope_known",
        DROP CONSTRAINT "alert_msg_type_known",
        DROP COLUMN "expires_at",
        DROP COLUMN "cap_import_notes",
        DROP COLUMN "cap_infos",
        DROP COLUMN "cap_codes",
        DROP COLUMN "cap_note",
        DROP COLUMN "cap_source",
        DROP COLUMN "cap_references",
        DROP COLUMN "cap_sent",
        DROP COLUMN "cap_sender",
        DROP COLUMN "cap_identifier",
        DROP COLUMN "scope",
        DROP COLUMN "msg_type"`);
  }
}
