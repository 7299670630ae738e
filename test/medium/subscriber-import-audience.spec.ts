import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { SubscriberImportRepository } from '../../src/subscribers/import/subscriber-import.repository.js';
import { SubscriberImportService } from '../../src/subscribers/import/subscriber-import.service.js';
import { connect, createTestDatabase, type TestDatabase } from '../support/database.js';
import { audienceRows } from '../support/audience-rows.js';

async function* chunks(text: string): AsyncGenerator<string> {
  // Split mid-line, as a network stream would.
  for (let i = 0; i < text.length; i += 97) {
    await Promise.resolve();
    yield text.slice(i, i + 97);
  }
}

const HEADER = 'phone,email,language,channels,locations,tags,consent_source,consent_at\n';

/** The import writes audience rows itself (the triggers stand aside): they must equal what the triggers' refresh makes. */
describe('bulk import and the audience table', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let importer: SubscriberImportService;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await connect(db);
    importer = new SubscriberImportService(dataSource, new SubscriberImportRepository(), new AuditService(new AuditRepository(dataSource)));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('writes the same audience rows as the triggers would, for new, updated and stopped subscribers', async () => {
    const first = await importer.import('test', 'csv', chunks(
      HEADER +
        '+4915100000001,,de,whatsapp,50.1 10.1 home;50.2 10.2;50.3 10.3;50.4 10.4,,migration,2026-10-01T10:00:00Z\n' +
        '+4915100000002,two@example.org,en,email|sms,51 11,needs-assistance,migration,2026-10-01T10:00:00Z\n' +
        ',only@example.org,tr,email,52 12;52.5 12.5,,migration,2026-10-01T10:00:00Z\n' +
        '+4915100000003,,de,sms,53 13,,migration,2026-10-01T10:00:00Z\n' +
        'not-a-phone,,de,sms,53 13,,migration,2026-10-01T10:00:00Z\n',
    ));
    expect(first).toMatchObject({ imported: 4, rejected: 1, errors: [{ line: 6 }] });
    await dataSource.query(`UPDATE subscriber SET status = 'stopped' WHERE phone = '+4915100000003'`);
    await dataSource.query(`UPDATE subscriber SET regions = ARRAY[gen_random_uuid()] WHERE phone = '+4915100000002'`);

    // Again, changed: fewer locations for the first, new ones for the others; the stopped one stays stopped.
    const second = await importer.import('test', 'csv', chunks(
      HEADER +
        '+4915100000001,,de,sms|whatsapp,50.5 10.5,,migration,2026-10-01T10:00:00Z\n' +
        '+4915100000002,,en,sms,51.1 11.1;51.2 11.2;51.3 11.3,,migration,2026-10-01T10:00:00Z\n' +
        ',only@example.org,tr,email,52.7 12.7,,migration,2026-10-01T10:00:00Z\n' +
        '+4915100000003,,de,sms,54 14,,migration,2026-10-01T10:00:00Z\n' +
        '+4915100000004,,de,whatsapp,55 15;55.1 15.1;55.2 15.2,,migration,2026-10-01T10:00:00Z\n',
    ));
    expect(second).toMatchObject({ imported: 1, duplicates: 4, rejected: 0 });

    const imported = await audienceRows(dataSource);
    expect(imported).toHaveLength(4);
    await dataSource.query(`SELECT audience_member_refresh(ARRAY(SELECT id FROM subscriber))`);
    expect(await audienceRows(dataSource)).toEqual(imported);
  });

  it('leaves the triggers on after its transaction', async () => {
    await dataSource.query(`UPDATE subscriber SET language = 'fr' WHERE phone = '+4915100000004'`);
    const [row] = await dataSource.query<{ language: string }[]>(`SELECT m.language FROM audience_member m JOIN subscriber s ON s.id = m.subscriber_id WHERE s.phone = '+4915100000004'`);
    expect(row!.language).toBe('fr');
  });
});
