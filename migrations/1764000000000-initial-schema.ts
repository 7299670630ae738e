import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The spine's schema: operators, subscribers, alerts, the delivery queue and the audit chain. */
export class InitialSchema1764000000000 implements MigrationInterface {
  name = 'InitialSchema1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "operator" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "roles" text[] NOT NULL,
        "api_key_hash" bytea NOT NULL,
        "api_key_prefix" text NOT NULL,
        "disabled_at" timestamptz,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "operator_roles_known" CHECK ("roles" <@ ARRAY['operator','approver','admin','auditor']::text[] AND cardinality("roles") > 0)
      )`);
    await db.query(`CREATE UNIQUE INDEX "operator_api_key_hash_key" ON "operator" ("api_key_hash")`);

    await db.query(`
      CREATE TABLE "subscriber" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "phone" text,
        "language" text NOT NULL,
        "channels" text[] NOT NULL,
        "status" text NOT NULL DEFAULT 'active',
        "consent_source" text NOT NULL,
        "consent_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "subscriber_status_known" CHECK ("status" IN ('active','stopped','erased'))
      )`);
    await db.query(`CREATE UNIQUE INDEX "subscriber_phone_key" ON "subscriber" ("phone")`);

    await db.query(`
      CREATE TABLE "subscriber_location" (
        "id" bigserial PRIMARY KEY,
        "subscriber_id" uuid NOT NULL CONSTRAINT "subscriber_location_subscriber_fk" REFERENCES "subscriber" ("id") ON DELETE CASCADE,
        "label" text,
        "position" point NOT NULL
      )`);
    await db.query(`CREATE INDEX "subscriber_location_subscriber_idx" ON "subscriber_location" ("subscriber_id")`);
    await db.query(`CREATE INDEX "subscriber_location_position_idx" ON "subscriber_location" USING gist ("position")`);

    await db.query(`
      CREATE TABLE "alert" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "state" text NOT NULL DEFAULT 'draft',
        "headline" text NOT NULL,
        "event" text NOT NULL,
        "severity" text NOT NULL,
        "urgency" text NOT NULL,
        "certainty" text NOT NULL,
        "status" text NOT NULL,
        "area" jsonb NOT NULL,
        "texts" jsonb NOT NULL,
        "created_by" uuid NOT NULL CONSTRAINT "alert_created_by_fk" REFERENCES "operator" ("id"),
        "submitted_at" timestamptz,
        "decided_by" uuid CONSTRAINT "alert_decided_by_fk" REFERENCES "operator" ("id"),
        "decided_at" timestamptz,
        "decision_reason" text,
        "dispatch_run_id" uuid,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "alert_state_known" CHECK ("state" IN ('draft','pending_approval','approved','dispatching','completed','rejected','cancelled')),
        CONSTRAINT "alert_two_person_rule" CHECK ("decided_by" IS NULL OR "decided_by" <> "created_by")
      )`);
    await db.query(`CREATE INDEX "alert_state_idx" ON "alert" ("state")`);

    await db.query(`
      CREATE TABLE "dispatch_run" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "priority" integer NOT NULL,
        "messages" jsonb NOT NULL,
        "default_language" text NOT NULL,
        "state" text NOT NULL DEFAULT 'running',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "finished_at" timestamptz,
        CONSTRAINT "dispatch_run_state_known" CHECK ("state" IN ('running','paused','completed','aborted'))
      )`);
    await db.query(`ALTER TABLE "alert" ADD CONSTRAINT "alert_dispatch_run_fk" FOREIGN KEY ("dispatch_run_id") REFERENCES "dispatch_run" ("id")`);

    await db.query(`
      CREATE TABLE "delivery" (
        "id" bigserial PRIMARY KEY,
        "run_id" uuid NOT NULL CONSTRAINT "delivery_run_fk" REFERENCES "dispatch_run" ("id"),
        "subscriber_id" uuid NOT NULL,
        "channel" text NOT NULL,
        "recipient" text NOT NULL,
        "language" text NOT NULL,
        "priority" integer NOT NULL,
        "status" text NOT NULL DEFAULT 'queued',
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "lease_owner" text,
        "lease_expires_at" timestamptz,
        "sender_id" text,
        "provider_message_id" text,
        "error_code" text,
        "error_message" text,
        "queued_at" timestamptz NOT NULL DEFAULT now(),
        "sent_at" timestamptz,
        "delivered_at" timestamptz,
        "read_at" timestamptz,
        "failed_at" timestamptz,
        CONSTRAINT "delivery_status_known" CHECK ("status" IN ('queued','sending','sent','delivered','read','failed'))
      )`);
    await db.query(`CREATE UNIQUE INDEX "delivery_run_subscriber_channel_key" ON "delivery" ("run_id", "subscriber_id", "channel")`);
    // The queue's hot index: only rows still waiting to be sent, in claim order.
    await db.query(`CREATE INDEX "delivery_due_idx" ON "delivery" ("priority", "next_attempt_at", "id") WHERE "status" IN ('queued','sending')`);
    await db.query(`CREATE INDEX "delivery_provider_message_idx" ON "delivery" ("provider_message_id") WHERE "provider_message_id" IS NOT NULL`);

    // Mirrors DELIVERY_STATUSES in src/dispatch/delivery-status.ts: statuses only move up this order.
    await db.query(`
      CREATE FUNCTION "delivery_status_rank"(status text) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE status WHEN 'queued' THEN 0 WHEN 'sending' THEN 1 WHEN 'sent' THEN 2
          WHEN 'failed' THEN 3 WHEN 'delivered' THEN 4 WHEN 'read' THEN 5 END
      $$`);

    await db.query(`
      CREATE TABLE "audit_event" (
        "seq" bigint PRIMARY KEY,
        "at" timestamptz NOT NULL,
        "actor" text NOT NULL,
        "action" text NOT NULL,
        "subject_type" text NOT NULL,
        "subject_id" text NOT NULL,
        "data" jsonb NOT NULL,
        "prev_hash" text NOT NULL,
        "hash" text NOT NULL
      )`);
    await db.query(`
      CREATE FUNCTION "audit_event_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER "audit_event_append_only" BEFORE UPDATE OR DELETE ON "audit_event"
      FOR EACH ROW EXECUTE FUNCTION "audit_event_refuse_change"()`);
    await db.query(`
      CREATE TRIGGER "audit_event_no_truncate" BEFORE TRUNCATE ON "audit_event"
      FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_refuse_change"()`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['audit_event', 'delivery', 'alert', 'dispatch_run', 'subscriber_location', 'subscriber', 'operator']) {
      await db.query(`DROP TABLE IF EXISTS "${table}" CASCADE`);
    }
    await db.query(`DROP FUNCTION IF EXISTS "audit_event_refuse_change"()`);
    await db.query(`DROP FUNCTION IF EXISTS "delivery_status_rank"(text)`);
  }
}
