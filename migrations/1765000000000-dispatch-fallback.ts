import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Channel fallback and the end-of-run outbox.
 * - `delivery.fallback_of`: the delivery this one falls back from (its person's previous channel).
 * - `delivery.fallback_due_at`: when this delivery falls back to the person's next channel unless it
 *   is confirmed first (now for a permanent failure, sent + BEACON_FALLBACK_AFTER_SECONDS for a send
 *   not yet delivered); NULL when nothing is pending. The partial index holds only pending rows.
 * - `dispatch_run.end_recorded_at`: the run's end was handled (alert completed, digest sealed) in
 *   the listener's transaction; an ended run without it is announced again by the sweep.
 */
export class DispatchFallback1765000000000 implements MigrationInterface {
  name = 'DispatchFallback1765000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "delivery" ADD "fallback_of" bigint CONSTRAINT "delivery_fallback_of_fk" REFERENCES "delivery" ("id")`);
    await db.query(`ALTER TABLE "delivery" ADD "fallback_due_at" timestamptz`);
    await db.query(`CREATE INDEX "delivery_fallback_due_idx" ON "delivery" ("fallback_due_at") WHERE "fallback_due_at" IS NOT NULL`);
    await db.query(`ALTER TABLE "dispatch_run" ADD "end_recorded_at" timestamptz`);
    // Runs that ended before this migration were handled by the in-process event.
    await db.query(`UPDATE "dispatch_run" SET "end_recorded_at" = coalesce("finished_at", now()) WHERE "state" IN ('completed', 'aborted')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "dispatch_run" DROP COLUMN "end_recorded_at"`);
    await db.query(`DROP INDEX IF EXISTS "delivery_fallback_due_idx"`);
    await db.query(`ALTER TABLE "delivery" DROP COLUMN "fallback_due_at"`);
    await db.query(`ALTER TABLE "delivery" DROP COLUMN "fallback_of"`);
  }
}
