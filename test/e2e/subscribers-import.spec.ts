import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY, startBeacon, type Beacon } from '../support/beacon.js';

interface ImportResponse {
  imported: number;
  duplicates: number;
  errors: { line: number; reason: string }[];
}

const CSV = [
  'phone,language,channels,lat,lon,label,tags,consent_source,consent_at',
  '+491510000001,de,whatsapp,50.1,8.6,home,needs-assistance,paper-form,2026-10-01T10:00:00Z',
  '+491510000002,en,sms|whatsapp,50.2,8.7,,,paper-form,2026-10-01T10:00:00Z',
  '12345,de,whatsapp,50.1,8.6,home,,paper-form,2026-10-01T10:00:00Z',
  '+491510000003,de,whatsapp,95,8.6,home,,paper-form,2026-10-01T10:00:00Z',
  '+491510000004,de,whatsapp,50.1,8.6',
  '',
  '+491510000001,de,whatsapp,50.1,8.6,home,needs-assistance,paper-form,2026-10-01T10:00:00Z',
  '"+491510000005",de,whatsapp,50.3,8.8,"Aunt\'s house, 2nd floor",,paper-form,2026-10-01T10:00:00Z',
].join('\n');

describe('bulk import of subscribers', () => {
  let beacon: Beacon;
  let db: pg.Client;

  const count = async (sql: string) => ((await db.query<{ n: number }>(sql)).rows[0]!).n;
  const post = (body: string, type: string, query: Record<string, string> = {}) =>
    beacon.http.post('/api/v1/subscribers/import').query(query).set(beacon.auth(ADMIN_KEY)).set('Content-Type', type).send(body);

  beforeAll(async () => {
    beacon = await startBeacon({ BEACON_WORKERS: 'false' });
    db = new pg.Client({ connectionString: beacon.db.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await beacon.close();
  });

  it('lands good CSV rows, reports bad ones by line, and a re-run creates no duplicates', async () => {
    const first = (await post(CSV, 'text/csv').expect(200)).body as ImportResponse;
    expect(first.imported).toBe(3);
    expect(first.duplicates).toBe(1);
    expect(first.errors.map((e) => e.line)).toEqual([4, 5, 6]);
    expect(first.errors[0]!.reason).toMatch(/E\.164/);
    expect(first.errors[1]!.reason).toMatch(/lat within/);
    expect(first.errors[2]!.reason).toMatch(/expected 9 fields/);

    const again = (await post(CSV, 'text/csv').expect(200)).body as ImportResponse;
    expect(again).toMatchObject({ imported: 0, duplicates: 4 });
    expect(await count(`SELECT count(*)::int AS n FROM subscriber`)).toBe(3);
    expect(await count(`SELECT count(*)::int AS n FROM subscriber_location`)).toBe(3);
    const aunt = await db.query(`SELECT l.label, s.tags, s.channels FROM subscriber s JOIN subscriber_location l ON l.subscriber_id = s.id WHERE s.phone = '+491510000005'`);
    expect(aunt.rows).toEqual([{ label: "Aunt's house, 2nd floor", tags: [], channels: ['whatsapp'] }]);
  });

  it('imports NDJSON shaped like the POST /subscribers body, with several locations', async () => {
    const lines = [
      JSON.stringify({ phone: '+491520000001', language: 'de', channels: ['whatsapp'], tags: ['has-no-car'], locations: [{ lat: 50, lon: 8 }, { lat: 51, lon: 9, label: 'work' }], consent: { source: 'web', at: '2026-10-01T10:00:00Z' } }),
      '{"phone": "+491520000002", "language": "de"',
      JSON.stringify({ phone: '+491520000003', language: 'de', channels: ['pigeon'], locations: [{ lat: 50, lon: 8 }], consent: { source: 'web', at: '2026-10-01T10:00:00Z' } }),
    ].join('\n');
    const result = (await post(lines, 'application/x-ndjson').expect(200)).body as ImportResponse;
    expect(result).toEqual({ imported: 1, duplicates: 0, errors: [{ line: 2, reason: 'not valid JSON' }, { line: 3, reason: expect.stringMatching(/channels/) as string }] });
    expect(await count(`SELECT count(*)::int AS n FROM subscriber_location l JOIN subscriber s ON s.id = l.subscriber_id WHERE s.phone = '+491520000001'`)).toBe(2);
  });

  it('streams a file larger than the body limit when sent as application/octet-stream with ?format=csv', async () => {
    const rows = Array.from({ length: 30_000 }, (_, k) => `+4916${String(k).padStart(9, '0')},de,whatsapp,${48 + (k % 500) / 100},${9 + (k % 700) / 100},home,,migration,2026-10-01T10:00:00Z`);
    const body = ['phone,language,channels,lat,lon,label,tags,consent_source,consent_at', ...rows].join('\n');
    expect(body.length).toBeGreaterThan(1_048_576);
    const result = (await post(body, 'application/octet-stream', { format: 'csv' }).expect(200)).body as ImportResponse;
    expect(result).toEqual({ imported: 30_000, duplicates: 0, errors: [] });
    await post(body, 'text/csv').expect(413);
  });

  it('refuses an unknown format and non-admins', async () => {
    const refused = await post('x', 'application/octet-stream').expect(400);
    expect(refused.body).toMatchObject({ error: { code: 'subscriber.import_format' } });
    const operator = await beacon.createOperator('Dana', ['operator']);
    await beacon.http.post('/api/v1/subscribers/import').set(beacon.auth(operator)).set('Content-Type', 'text/csv').send(CSV).expect(403);
  });
});
