import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner systems that receive every dispatched alert by webhook (CAP 1.2 XML or JSON, signed), and
 * the subject of a dispatch run (the alert's headline: the email channel's subject line).
 * The partner secret is stored as given: the HMAC needs it in plain (see docs/CHANNELS.md).
 */
export class PartnerEndpoints1764900000000 implements MigrationInterface {
  name = 'PartnerEndpoints1764900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "partner_endpoint" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "url" text NOT NULL,
        "format" text NOT NULL,
        "secret" text NOT NULL,
        "active" boolean NOT NULL DEFAULT true,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "partner_endpoint_format_known" CHECK ("format" IN ('cap','json'))
      )`);
    await db.query(`ALTER TABLE "dispatch_run" ADD COLUMN "subject" text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "dispatch_run" DROP COLUMN "subject"`);
    await db.query(`DROP TABLE "partner_endpoint"`);
  }
}
