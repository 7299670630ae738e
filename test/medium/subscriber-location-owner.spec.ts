import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { SubscriberImportRepository } from '../../src/subscribers/import/subscriber-import.repository.js';
import { SubscriberImportService } from '../../src/subscribers/import/subscriber-import.service.js';
import { connect, createTestDatabase, type TestDatabase } from '../support/database.js';

/** What the foreign key from subscriber_location to subscriber did, kept by triggers (migration 1765300000000). */
describe('a location belongs to an existing subscriber', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  const newSubscriber = async (phone: string): Promise<string> => {
    const [row] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO subscriber (phone, language, channels, consent_source, consent_at) VALUES ($1, 'en', '{sms}', 'test', now()) RETURNING id`,
      [phone],
    );
    return row!.id;
  };
  const addLocation = (client: { query: DataSource['query'] }, subscriberId: string) =>
    client.query(`INSERT INTO subscriber_location (subscriber_id, position) VALUES ($1, point(8, 50))`, [subscriberId]);
  const locationsOf = async (id: string) => ((await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM subscriber_location WHERE subscriber_id = $1`, [id]))[0]!).n;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await connect(db);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('refuses a location of no subscriber, on insert and on update', async () => {
    await expect(addLocation(dataSource, '0199f000-0000-7000-8000-000000000000')).rejects.toMatchObject({ driverError: { code: '23503' } });
    const id = await newSubscriber('+4915200000001');
    await addLocation(dataSource, id);
    await expect(dataSource.query(`UPDATE subscriber_location SET subscriber_id = gen_random_uuid() WHERE subscriber_id = $1`, [id])).rejects.toMatchObject({
      driverError: { code: '23503' },
    });
    expect(await locationsOf(id)).toBe(1);
  });

  it("deletes a subscriber's locations with them and keeps the id of one who has locations", async () => {
    const id = await newSubscriber('+4915200000002');
    await addLocation(dataSource, id);
    await expect(dataSource.query(`UPDATE subscriber SET id = gen_random_uuid() WHERE id = $1`, [id])).rejects.toMatchObject({ driverError: { code: '23503' } });
    await dataSource.query(`DELETE FROM subscriber WHERE id = $1`, [id]);
    expect(await locationsOf(id)).toBe(0);
  });

  it('holds the subscriber until the transaction that adds a location ends, so a concurrent delete waits and then takes the location too', async () => {
    const id = await newSubscriber('+4915200000003');
    const writer = new pg.Client({ connectionString: db.url });
    const deleter = new pg.Client({ connectionString: db.url });
    await Promise.all([writer.connect(), deleter.connect()]);
    try {
      await writer.query('BEGIN');
      await writer.query(`INSERT INTO subscriber_location (subscriber_id, position) VALUES ($1, point(8, 50))`, [id]);
      const deleterPid = (await deleter.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
      const deleting = deleter.query(`DELETE FROM subscriber WHERE id = $1`, [id]);
      // Wait until the DELETE is blocked on the writer's row lock.
      for (;;) {
        const [state] = await dataSource.query<{ wait: string | null }[]>(`SELECT wait_event_type AS wait FROM pg_stat_activity WHERE pid = $1`, [deleterPid]);
        if (state?.wait === 'Lock') break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await writer.query('COMMIT');
      await deleting;
      expect(await locationsOf(id)).toBe(0);
    } finally {
      await Promise.all([writer.end(), deleter.end()]);
    }
  });

  it('is skipped only inside a bulk import, which writes locations for the subscribers it has just written', async () => {
    const importer = new SubscriberImportService(dataSource, new SubscriberImportRepository(), new AuditService(new AuditRepository(dataSource)));
    async function* file() {
      yield 'phone,language,channels,lat,lon,consent_source,consent_at\n+4915200000004,de,sms,50,8,test,2026-10-01T10:00:00Z\n';
      await Promise.resolve();
    }
    expect(await importer.import('test', 'csv', file())).toMatchObject({ imported: 1 });
    await expect(addLocation(dataSource, '0199f000-0000-7000-8000-000000000001')).rejects.toMatchObject({ driverError: { code: '23503' } });
  });
});
