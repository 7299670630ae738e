import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Two-way messaging: what people answer to an alert (SAFE, HELP, STOP, a shared location, ...). */
export class Responses1764400000000 implements MigrationInterface {
  name = 'Responses1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "response" (
        "id" bigserial PRIMARY KEY,
        "channel" text NOT NULL,
        "provider_message_id" text NOT NULL,
        "subscriber_id" uuid NOT NULL CONSTRAINT "response_subscriber_fk" REFERENCES "subscriber" ("id") ON DELETE CASCADE,
        "delivery_id" bigint CONSTRAINT "response_delivery_fk" REFERENCES "delivery" ("id"),
        "run_id" uuid CONSTRAINT "response_run_fk" REFERENCES "dispatch_run" ("id"),
        "kind" text NOT NULL,
        "language" text NOT NULL,
        "body" text,
        "position" point,
        "received_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "response_kind_known" CHECK ("kind" IN ('safe','help','stop','start','join','location','text'))
      )`);
    // A provider retries webhooks: the same inbound message is recorded once.
    await db.query(`CREATE UNIQUE INDEX "response_channel_message_key" ON "response" ("channel", "provider_message_id")`);
    await db.query(`CREATE INDEX "response_run_idx" ON "response" ("run_id", "subscriber_id", "received_at")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE IF EXISTS "response"`);
  }
}
