import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audience table: one narrow row per active subscriber with what the audience needs (contact
 * addresses, language, channels, tags, regions, the first two locations; further locations in
 * `audience_member_location`), kept in step with `subscriber` and `subscriber_location` by
 * statement-level triggers in the same transaction. Preview and freeze scan it instead of joining
 * subscribers to locations. The GiST index on locations and the GIN indexes on subscriber tags and
 * regions served only the audience and cost the bulk import most of its time: they go.
 *
 * Staged freezes: a dispatch run whose audience is still being frozen has `freeze_state` pending and
 * its remaining work in `audience_freeze`.
 */
export class AudienceMembers1765100000000 implements MigrationInterface {
  name = 'AudienceMembers1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE "audience_member" (
        "subscriber_id" uuid NOT NULL,
        "phone" text,
        "email" text,
        "language" text NOT NULL,
        "channels" text[] NOT NULL,
        "channel_list" text NOT NULL,
        "tags" text[] NOT NULL,
        "regions" uuid[] NOT NULL,
        "loc1" point,
        "loc2" point,
        "more_locations" boolean NOT NULL DEFAULT false,
        "member_since" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "audience_member_pkey" PRIMARY KEY ("subscriber_id")
      )`);
    // The preview groups people by whether they have a phone and an email: without statistics on
    // those expressions the planner takes them for as many groups as there are phone numbers.
    await db.query(`CREATE STATISTICS "audience_member_contacts" ON ("phone" IS NULL), ("email" IS NULL) FROM "audience_member"`);
    await db.query(`
      CREATE TABLE "audience_member_location" (
        "subscriber_id" uuid NOT NULL,
        "rank" integer NOT NULL,
        "position" point NOT NULL,
        CONSTRAINT "audience_member_location_pkey" PRIMARY KEY ("subscriber_id", "rank")
      )`);
    // Rebuilds the rows of the given subscribers from subscriber and subscriber_location. An upsert,
    // so `member_since` stays while a subscriber stays active; a STOP deletes the row, a START makes
    // a new one.
    await db.query(`
      CREATE FUNCTION "audience_member_refresh"(ids uuid[]) RETURNS void LANGUAGE sql AS $$
        DELETE FROM audience_member_location WHERE subscriber_id = ANY(ids);
        DELETE FROM audience_member m WHERE m.subscriber_id = ANY(ids)
          AND NOT EXISTS (SELECT 1 FROM subscriber s WHERE s.id = m.subscriber_id AND s.status = 'active');
        WITH located AS (
          SELECT l.subscriber_id, array_agg(l.position ORDER BY l.id) AS positions
          FROM subscriber_location l WHERE l.subscriber_id = ANY(ids) GROUP BY l.subscriber_id
        )
        INSERT INTO audience_member AS m (subscriber_id, phone, email, language, channels, channel_list, tags, regions, loc1, loc2, more_locations)
        SELECT s.id, s.phone, s.email, s.language, s.channels, array_to_string(s.channels, ','), s.tags, s.regions,
          p.positions[1], p.positions[2], coalesce(cardinality(p.positions) > 2, false)
        FROM subscriber s LEFT JOIN located p ON p.subscriber_id = s.id
        WHERE s.id = ANY(ids) AND s.status = 'active'
        ON CONFLICT (subscriber_id) DO UPDATE SET phone = excluded.phone, email = excluded.email, language = excluded.language,
          channels = excluded.channels, channel_list = excluded.channel_list, tags = excluded.tags, regions = excluded.regions, loc1 = excluded.loc1, loc2 = excluded.loc2,
          more_locations = excluded.more_locations;
        INSERT INTO audience_member_location (subscriber_id, rank, position)
        SELECT l.subscriber_id, l.rank, l.position
        FROM (SELECT subscriber_id, position, row_number() OVER (PARTITION BY subscriber_id ORDER BY id) AS rank
              FROM subscriber_location WHERE subscriber_id = ANY(ids)) l
        JOIN subscriber s ON s.id = l.subscriber_id AND s.status = 'active'
        WHERE l.rank > 2;
      $$`);
    // The bulk import writes many rows per statement and refreshes once per batch itself: inside its
    // transaction it sets beacon.audience_sync to 'deferred' (set_config(..., true)).
    await db.query(`
      CREATE FUNCTION "audience_member_sync"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF current_setting('beacon.audience_sync', true) = 'deferred' THEN RETURN NULL; END IF;
        IF TG_TABLE_NAME = 'subscriber' THEN
          PERFORM audience_member_refresh(ARRAY(SELECT id FROM changed));
        ELSE
          PERFORM audience_member_refresh(ARRAY(SELECT DISTINCT subscriber_id FROM changed));
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE FUNCTION "audience_member_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM audience_member_location WHERE subscriber_id IN (SELECT id FROM changed);
        DELETE FROM audience_member WHERE subscriber_id IN (SELECT id FROM changed);
        RETURN NULL;
      END $$`);
    for (const [name, table, event, transition] of TRIGGERS) {
      await db.query(`CREATE TRIGGER "${name}" AFTER ${event} ON "${table}" REFERENCING ${transition} TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION audience_member_sync()`);
    }
    await db.query(`CREATE TRIGGER "audience_member_subscriber_delete" AFTER DELETE ON "subscriber" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION audience_member_forget()`);
    await db.query(`SELECT audience_member_refresh(ARRAY(SELECT id FROM subscriber))`);

    await db.query(`DROP INDEX "subscriber_location_position_idx"`);
    await db.query(`DROP INDEX "subscriber_tags_idx"`);
    await db.query(`DROP INDEX "subscriber_regions_idx"`);

    await db.query(`ALTER TABLE "dispatch_run" ADD COLUMN "freeze_state" text NOT NULL DEFAULT 'complete'`);
    await db.query(`ALTER TABLE "dispatch_run" ADD CONSTRAINT "dispatch_run_freeze_state_known" CHECK ("freeze_state" IN ('pending','complete'))`);
    await db.query(`
      CREATE TABLE "audience_freeze" (
        "run_id" uuid NOT NULL,
        "spec" jsonb NOT NULL,
        "after_subscriber" uuid NOT NULL,
        "approved_at" timestamptz NOT NULL,
        "attempts" integer NOT NULL DEFAULT 0,
        CONSTRAINT "audience_freeze_pkey" PRIMARY KEY ("run_id"),
        CONSTRAINT "audience_freeze_run_fk" FOREIGN KEY ("run_id") REFERENCES "dispatch_run" ("id") ON DELETE CASCADE
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE "audience_freeze"`);
    await db.query(`ALTER TABLE "dispatch_run" DROP CONSTRAINT "dispatch_run_freeze_state_known"`);
    await db.query(`ALTER TABLE "dispatch_run" DROP COLUMN "freeze_state"`);
    await db.query(`CREATE INDEX "subscriber_regions_idx" ON "subscriber" USING gin ("regions")`);
    await db.query(`CREATE INDEX "subscriber_tags_idx" ON "subscriber" USING gin ("tags")`);
    await db.query(`CREATE INDEX "subscriber_location_position_idx" ON "subscriber_location" USING gist ("position")`);
    await db.query(`DROP TRIGGER "audience_member_subscriber_delete" ON "subscriber"`);
    for (const [name, table] of TRIGGERS) await db.query(`DROP TRIGGER "${name}" ON "${table}"`);
    await db.query(`DROP FUNCTION "audience_member_forget"()`);
    await db.query(`DROP FUNCTION "audience_member_sync"()`);
    await db.query(`DROP FUNCTION "audience_member_refresh"(uuid[])`);
    await db.query(`DROP TABLE "audience_member_location"`);
    await db.query(`DROP TABLE "audience_member"`);
  }
}

/** [name, table, event, transition table]: every change to a subscriber or a location refreshes its audience row. */
const TRIGGERS: readonly (readonly [string, string, string, string])[] = [
  ['audience_member_subscriber_insert', 'subscriber', 'INSERT', 'NEW'],
  ['audience_member_subscriber_update', 'subscriber', 'UPDATE', 'NEW'],
  ['audience_member_location_insert', 'subscriber_location', 'INSERT', 'NEW'],
  ['audience_member_location_update_new', 'subscriber_location', 'UPDATE', 'NEW'],
  ['audience_member_location_update_old', 'subscriber_location', 'UPDATE', 'OLD'],
  ['audience_member_location_delete', 'subscriber_location', 'DELETE', 'OLD'],
];
