import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `dispatch_run.channels`: the channels the alert's operator allowed (its audience filter), so a
 * channel fallback never moves a person onto a channel the alert excluded; NULL: any channel
 * Beacon can send on.
 */
export class RunChannels1765400000000 implements MigrationInterface {
  name = 'RunChannels1765400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "dispatch_run" ADD "channels" text[]`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE "dispatch_run" DROP COLUMN "channels"`);
  }
}
