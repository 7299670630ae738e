import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foreign key from `subscriber_location` to `subscriber` becomes triggers with the same effect,
 * checked once per statement instead of once per row. The per-row check (a planned lookup and a
 * KEY SHARE row lock, written to the WAL, for every location) was a third of the bulk import's
 * database time. What the triggers keep:
 *
 * - a location must name an existing subscriber, who is held (KEY SHARE, as a foreign key does)
 *   until the writing transaction ends, so a concurrent DELETE waits; SQLSTATE 23503 otherwise;
 * - deleting subscribers deletes their locations (was ON DELETE CASCADE);
 * - a subscriber's id cannot change while they have locations (was NO ACTION).
 *
 * The bulk import alone skips the first check (`beacon.location_owners = 'held'` for its
 * transaction): it writes locations only for the subscribers its own statement has just inserted or
 * updated, so they exist and its transaction holds them (see SubscriberImportRepository).
 */
export class LocationOwnerCheck1765300000000 implements MigrationInterface {
  name = 'LocationOwnerCheck1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "subscriber_location" DROP CONSTRAINT "subscriber_location_subscriber_fk"`);
    await db.query(`
      CREATE FUNCTION "subscriber_location_check_owner"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        wanted integer;
        held integer;
      BEGIN
        IF current_setting('beacon.location_owners', true) = 'held' THEN RETURN NULL; END IF;
        SELECT count(DISTINCT subscriber_id) INTO wanted FROM changed;
        SELECT count(*) INTO held FROM (SELECT 1 FROM subscriber s WHERE s.id IN (SELECT subscriber_id FROM changed) FOR KEY SHARE) h;
        IF held < wanted THEN
          RAISE EXCEPTION 'insert or update on table "subscriber_location" violates foreign key constraint "subscriber_location_subscriber_fk"'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'subscriber_location', CONSTRAINT = 'subscriber_location_subscriber_fk';
        END IF;
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER "subscriber_location_owner_insert" AFTER INSERT ON "subscriber_location" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION subscriber_location_check_owner()`,
    );
    await db.query(
      `CREATE TRIGGER "subscriber_location_owner_update" AFTER UPDATE ON "subscriber_location" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION subscriber_location_check_owner()`,
    );
    await db.query(`
      CREATE FUNCTION "subscriber_location_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM subscriber_location WHERE subscriber_id IN (SELECT id FROM changed);
        RETURN NULL;
      END $$`);
    await db.query(
      `CREATE TRIGGER "subscriber_location_cascade" AFTER DELETE ON "subscriber" REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION subscriber_location_forget()`,
    );
    await db.query(`
      CREATE FUNCTION "subscriber_location_keep_owner_id"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM subscriber_location WHERE subscriber_id = OLD.id) THEN
          RAISE EXCEPTION 'update on table "subscriber" violates foreign key constraint "subscriber_location_subscriber_fk"'
            USING ERRCODE = 'foreign_key_violation', TABLE = 'subscriber', CONSTRAINT = 'subscriber_location_subscriber_fk';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(
      `CREATE TRIGGER "subscriber_location_owner_id" BEFORE UPDATE OF id ON "subscriber" FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION subscriber_location_keep_owner_id()`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER "subscriber_location_owner_id" ON "subscriber"`);
    await db.query(`DROP FUNCTION "subscriber_location_keep_owner_id"()`);
    await db.query(`DROP TRIGGER "subscriber_location_cascade" ON "subscriber"`);
    await db.query(`DROP FUNCTION "subscriber_location_forget"()`);
    await db.query(`DROP TRIGGER "subscriber_location_owner_update" ON "subscriber_location"`);
    await db.query(`DROP TRIGGER "subscriber_location_owner_insert" ON "subscriber_location"`);
    await db.query(`DROP FUNCTION "subscriber_location_check_owner"()`);
    await db.query(
      `ALTER TABLE "subscriber_location" ADD CONSTRAINT "subscriber_location_subscriber_fk" FOREIGN KEY ("subscriber_id") REFERENCES "subscriber" ("id") ON DELETE CASCADE`,
    );
  }
}
