import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Subscribers may be reached by email: the address a channel `email` sends to. */
export class SubscriberEmail1764650000000 implements MigrationInterface {
  name = 'SubscriberEmail1764650000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "subscriber" ADD COLUMN "email" text`);
    await db.query(`CREATE UNIQUE INDEX "subscriber_email_key" ON "subscriber" ("email")`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX "subscriber_email_key"`);
    await db.query(`ALTER TABLE "subscriber" DROP COLUMN "email"`);
  }
}
