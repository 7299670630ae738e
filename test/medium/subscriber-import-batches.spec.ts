import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { SubscriberImportRepository } from '../../src/subscribers/import/subscriber-import.repository.js';
import { IMPORT_BATCH, SubscriberImportService } from '../../src/subscribers/import/subscriber-import.service.js';
import { ImportConflictError } from '../../src/subscribers/subscribers.errors.js';
import { connect, createTestDatabase, type TestDatabase } from '../support/database.js';
import { audienceRows } from '../support/audience-rows.js';

async function* chunks(text: string): AsyncGenerator<string> {
  // Split mid-line, as a network stream would.
  for (let i = 0; i < text.length; i += 4093) {
    await Promise.resolve();
    yield text.slice(i, i + 4093);
  }
}

const HEADER = 'phone,email,language,channels,locations,tags,consent_source,consent_at';
const CONSENT = 'migration,2026-10-01T10:00:00Z';
/** Data lines; line 1 is the header, so data line k is file line k + 1. */
const ROWS = 2 * IMPORT_BATCH + 5000;
const phone = (k: number) => `+49170${String(k).padStart(8, '0')}`;
const locations = (k: number) => (k % 3 === 0 ? `${50 + (k % 97) / 100} ${8 + (k % 89) / 100} home;51 9` : `${50 + (k % 97) / 100} ${8 + (k % 89) / 100}`);

/**
 * A file of more than two batches with bad rows on and around the batch boundaries, a phone repeated
 * in the same batch and in a later one, an email another subscriber has (refused by the database,
 * after later lines were read), and rows with only an email.
 */
function importFile() {
  const lines: string[] = [HEADER];
  const bad = new Map<number, RegExp>();
  const fileLine = () => lines.length + 1;
  const add = (text: string, reason?: RegExp) => {
    if (reason) bad.set(fileLine(), reason);
    lines.push(text);
  };
  for (let k = 1; k <= ROWS; k++) {
    const near = (boundary: number) => Math.abs(k - boundary) <= 2;
    if (near(IMPORT_BATCH) || near(2 * IMPORT_BATCH)) {
      // Bad rows where a batch fills: they must not shift the line numbers or lose a good row.
      if (k % 2 === 0) add(`12345,,de,whatsapp,${locations(k)},,${CONSENT}`, /E\.164/);
      else add(`${phone(k)},,de,whatsapp,95 8,,${CONSENT}`, /lat within/);
    } else if (k === 40) {
      add(`${phone(20)},,de,whatsapp,${locations(20)},,${CONSENT}`); // repeats line 21 in the same batch
    } else if (k === 7) {
      add(`${phone(k)},taken@example.org,de,whatsapp,${locations(k)},,${CONSENT}`);
    } else if (k === IMPORT_BATCH + 500) {
      add(`${phone(k)},taken@example.org,de,whatsapp,${locations(k)},,${CONSENT}`); // refused: k = 7 has it
    } else if (k === 2 * IMPORT_BATCH + 100) {
      add(`${phone(5)},,fr,sms|whatsapp,52 10 first;52.1 10.1;52.2 10.2 third,needs-assistance,${CONSENT}`); // updates k = 5
    } else if (k === 2 * IMPORT_BATCH + 1001) {
      add(`,only1@example.org,tr,email,${locations(1)},,${CONSENT}`); // updates k = 1 (email only)
    } else if (k % 1000 === 1) {
      add(`,only${k}@example.org,en,email,${locations(k)},,${CONSENT}`);
    } else {
      add(`${phone(k)},,de,whatsapp,${locations(k)},,${CONSENT}`);
    }
  }
  add(`${phone(ROWS + 1)},,de,whatsapp`, /expected 8 fields/);
  return { text: lines.join('\n'), bad };
}

describe('bulk import across batches', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let importer: SubscriberImportService;
  const { text, bad } = importFile();
  const badRows = bad.size;
  // Accepted rows: all data rows but the bad ones and the refused one; three of them repeat an earlier row.
  const accepted = ROWS + 1 - badRows - 1;
  const subscribers = accepted - 3;

  const count = async (sql: string) => ((await dataSource.query<{ n: number }[]>(sql))[0]!).n;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await connect(db);
    importer = new SubscriberImportService(dataSource, new SubscriberImportRepository(), new AuditService(new AuditRepository(dataSource)));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('lands every good row once, reports each bad one by its line, and updates repeated phones and emails', async () => {
    const result = await importer.import('test', 'csv', chunks(text));
    const refused = IMPORT_BATCH + 500 + 1;
    expect(result.errors.map((e) => e.line)).toEqual([...bad.keys(), refused].sort((a, b) => a - b));
    for (const { line, reason } of result.errors) expect(reason).toMatch(bad.get(line) ?? /email belongs to another subscriber/);
    expect(result).toMatchObject({ imported: subscribers, duplicates: 3, rejected: badRows + 1 });

    expect(await count(`SELECT count(*)::int AS n FROM subscriber`)).toBe(subscribers);
    expect(await count(`SELECT count(DISTINCT phone)::int + count(*) FILTER (WHERE phone IS NULL)::int AS n FROM subscriber`)).toBe(subscribers);
    expect(await count(`SELECT count(*)::int AS n FROM audience_member`)).toBe(subscribers);
    const located = await count(`SELECT count(*)::int AS n FROM subscriber_location`);
    const expected = [...Array(ROWS).keys()]
      .map((i) => i + 1)
      .filter((k) => !bad.has(k + 1) && k !== 40 && k !== IMPORT_BATCH + 500 && k !== 2 * IMPORT_BATCH + 100 && k !== 2 * IMPORT_BATCH + 1001)
      .reduce((sum, k) => sum + (k === 5 ? 3 : k % 3 === 0 ? 2 : 1), 0);
    expect(located).toBe(expected);

    const [updated] = await dataSource.query<{ language: string; channels: string[]; tags: string[]; locations: string[] }[]>(
      `SELECT s.language, s.channels, s.tags, array_agg(coalesce(l.label, '-') || ' ' || l.position::text ORDER BY l.id) AS locations
       FROM subscriber s JOIN subscriber_location l ON l.subscriber_id = s.id WHERE s.phone = $1 GROUP BY s.id`,
      [phone(5)],
    );
    expect(updated).toEqual({ language: 'fr', channels: ['sms', 'whatsapp'], tags: ['needs-assistance'], locations: ['first (10,52)', '- (10.1,52.1)', 'third (10.2,52.2)'] });
    expect(await count(`SELECT count(*)::int AS n FROM subscriber WHERE email = 'only1@example.org' AND language = 'tr'`)).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM subscriber WHERE email = 'taken@example.org' AND phone = '${phone(7)}'`)).toBe(1);

    // The audience rows the import wrote are those the triggers' refresh makes.
    const imported = await audienceRows(dataSource);
    await dataSource.query(`SELECT audience_member_refresh(ARRAY(SELECT id FROM subscriber))`);
    expect(await audienceRows(dataSource)).toEqual(imported);
  });

  it('creates nothing on a second run of the same file', async () => {
    const ids = await dataSource.query<{ id: string }[]>(`SELECT id FROM subscriber ORDER BY id`);
    const again = await importer.import('test', 'csv', chunks(text));
    expect(again).toMatchObject({ imported: 0, duplicates: accepted, rejected: badRows + 1 });
    expect(await dataSource.query<{ id: string }[]>(`SELECT id FROM subscriber ORDER BY id`)).toEqual(ids);
    expect(await count(`SELECT count(*)::int AS n FROM audience_member`)).toBe(subscribers);
    const imported = await audienceRows(dataSource);
    await dataSource.query(`SELECT audience_member_refresh(ARRAY(SELECT id FROM subscriber))`);
    expect(await audienceRows(dataSource)).toEqual(imported);
  });

  it('fails whole, with its own error, when another transaction registers a phone of the file meanwhile', async () => {
    const file = [HEADER, ...[1, 2, 3].map((k) => `+4917299999${k},,de,sms,50 8,,${CONSENT}`)].join('\n');
    const before = await count(`SELECT count(*)::int AS n FROM subscriber`);
    const other = new pg.Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query(`INSERT INTO subscriber (phone, language, channels, consent_source, consent_at) VALUES ('+49172999992', 'en', '{sms}', 'web', now())`);
      const importing = importer.import('test', 'csv', chunks(file));
      importing.catch(() => undefined);
      // The import's insert waits for the other transaction to end.
      while ((await count(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`)) === 0) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await other.query('COMMIT');
      await expect(importing).rejects.toBeInstanceOf(ImportConflictError);
    } finally {
      await other.end();
    }
    expect(await count(`SELECT count(*)::int AS n FROM subscriber`)).toBe(before + 1);
  });
});
