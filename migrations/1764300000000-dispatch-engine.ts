import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dispatch engine: a global pacing row per sender identity (shared by every worker process)
 * and, per delivery, how often its outcome became unknown (lease taken over after a crash, or a
 * send that timed out after it may have reached the provider).
 */
export class DispatchEngine1764300000000 implements MigrationInterface {
  name = 'DispatchEngine1764300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "sender_pacing" (
        "sender_id" text NOT NULL,
        "max_rate" double precision NOT NULL,
        "rate" double precision NOT NULL,
        "next_free_at" timestamptz NOT NULL DEFAULT now(),
        "rate_updated_at" timestamptz NOT NULL DEFAULT now(),
        "backed_off_at" timestamptz,
        "back_offs" integer NOT NULL DEFAULT 0,
        CONSTRAINT "sender_pacing_pkey" PRIMARY KEY ("sender_id"),
        CONSTRAINT "sender_pacing_rate_positive" CHECK ("rate" > 0 AND "max_rate" > 0)
      )`);
    await db.query(`ALTER TABLE "delivery" ADD "lease_takeovers" integer NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE "delivery" ADD "unknown_outcomes" integer NOT NULL DEFAULT 0`);
    // Keyset pagination of one run's deliveries (GET /alerts/:id/deliveries).
    await db.query(`CREATE INDEX "delivery_run_id_idx" ON "delivery" ("run_id", "id")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX IF EXISTS "delivery_run_id_idx"`);
    await db.query(`ALTER TABLE "delivery" DROP COLUMN "unknown_outcomes"`);
    await db.query(`ALTER TABLE "delivery" DROP COLUMN "lease_takeovers"`);
    await db.query(`DROP TABLE IF EXISTS "sender_pacing"`);
  }
}
