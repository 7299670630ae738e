import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AreaInput, NormalizedArea } from '../../src/areas/area.types.js';
import { AreasService } from '../../src/areas/areas.service.js';
import { AreaLibraryRepository } from '../../src/areas/library/area-library.repository.js';
import { AreaLibraryService } from '../../src/areas/library/area-library.service.js';
import { pointInArea } from '../../src/areas/point-in-area.js';
import { normalizeArea } from '../../src/areas/validate-area.js';
import type { AudienceFilters } from '../../src/audience/audience-sql.js';
import { AudienceRepository } from '../../src/audience/audience.repository.js';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { connect, createTestDatabase, type TestDatabase } from '../support/database.js';
import { randomFrom } from '../support/random.js';

interface Person {
  id: string;
  phone: string | null;
  email: string | null;
  status: string;
  language: string;
  channels: string[];
  tags: string[];
  locations: [number, number][];
}

const AVAILABLE = ['whatsapp', 'sms', 'email'];

/** The reference: every person tested in TypeScript, with the rules written out plainly. */
function reference(people: Person[], area: NormalizedArea, filters: AudienceFilters): Map<string, string> {
  const allowed = AVAILABLE.filter((c) => !filters.channels || filters.channels.includes(c));
  const result = new Map<string, string>();
  for (const p of people) {
    if (p.status !== 'active') continue;
    if (filters.languages && !filters.languages.includes(p.language)) continue;
    if (filters.tags && !p.tags.some((t) => filters.tags!.includes(t))) continue;
    if (filters.requiredTags && !filters.requiredTags.every((t) => p.tags.includes(t))) continue;
    if (!p.locations.some(([lon, lat]) => pointInArea(area, lon, lat))) continue;
    const channel = p.channels.find((c) => allowed.includes(c) && (c === 'email' ? p.email : p.phone) !== null);
    if (channel) result.set(p.id, channel);
  }
  return result;
}

function tally<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

describe('audience freeze against a brute-force reference', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let audience: AudienceRepository;
  const people: Person[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await connect(db);
    const audit = new AuditService(new AuditRepository(dataSource));
    audience = new AudienceRepository(new AreaLibraryService(dataSource, new AreaLibraryRepository(dataSource), new AreasService(), audit));
    const random = randomFrom(7);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    // Points on a 0.05° grid half the time, so shapes with grid vertices put people on their edges.
    const point = (): [number, number] => (random() < 0.5 ? [Math.round(random() * 200) / 20, Math.round(random() * 200) / 20] : [random() * 10, random() * 10]);
    for (let k = 0; k < 3000; k++) {
      const phone = random() < 0.9 ? `+4915${String(k).padStart(9, '0')}` : null;
      people.push({
        id: '',
        phone,
        email: phone === null || random() < 0.3 ? `p${k}@example.org` : null,
        status: pick(['active', 'active', 'active', 'stopped']),
        language: pick(['en', 'de', 'es']),
        // Lists of every length up to all four channels: the preview reads them back from `profile`.
        channels: pick([['whatsapp'], ['sms', 'whatsapp'], ['email'], ['email', 'sms'], ['webhook', 'whatsapp'], ['webhook', 'email', 'sms', 'whatsapp'], ['sms', 'webhook', 'email']]),
        tags: pick([[], [], ['needs-assistance'], ['has-no-car', 'needs-assistance']]),
        locations: Array.from({ length: pick([0, 1, 1, 1, 1, 1, 2, 2, 3, 4]) }, point),
      });
    }
    const ids: { id: string }[] = await dataSource.query(
      `INSERT INTO subscriber (phone, email, language, channels, tags, status, consent_source, consent_at)
       SELECT p.phone, p.email, p.language, string_to_array(p.channels, ','), string_to_array(p.tags, ','), p.status, 'test', now()
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS p(phone, email, language, channels, tags, status, n) ORDER BY n RETURNING id`,
      [people.map((p) => p.phone), people.map((p) => p.email), people.map((p) => p.language), people.map((p) => p.channels.join(',')), people.map((p) => p.tags.join(',')), people.map((p) => p.status)],
    );
    ids.forEach((row, k) => (people[k]!.id = row.id));
    const locations = people.flatMap((p) => p.locations.map(([lon, lat]) => ({ id: p.id, position: `(${lon},${lat})` })));
    await dataSource.query(
      `INSERT INTO subscriber_location (subscriber_id, position) SELECT l.id, l.position::point FROM unnest($1::uuid[], $2::text[]) AS l(id, position)`,
      [locations.map((l) => l.id), locations.map((l) => l.position)],
    );
    // Changes after the fact, one statement each, as the API makes them: the audience table follows.
    for (const p of people.slice(0, 300)) {
      const change = pick(['stop', 'start', 'channels', 'move', 'drop', 'add', 'email']);
      if (change === 'stop' || change === 'start') {
        p.status = change === 'stop' ? 'stopped' : 'active';
        await dataSource.query(`UPDATE subscriber SET status = $2 WHERE id = $1`, [p.id, p.status]);
      } else if (change === 'channels') {
        p.channels = pick([['sms'], ['email', 'whatsapp'], ['whatsapp', 'sms'], ['webhook', 'sms', 'whatsapp', 'email']]);
        await dataSource.query(`UPDATE subscriber SET channels = $2 WHERE id = $1`, [p.id, p.channels]);
      } else if (change === 'email') {
        p.email = p.email === null ? `changed${p.id}@example.org` : null;
        if (p.phone === null && p.email === null) p.email = `kept${p.id}@example.org`;
        await dataSource.query(`UPDATE subscriber SET email = $2 WHERE id = $1`, [p.id, p.email]);
      } else if (change === 'move' && p.locations.length > 0) {
        p.locations[0] = point();
        await dataSource.query(`UPDATE subscriber_location SET position = $2::point WHERE id = (SELECT min(id) FROM subscriber_location WHERE subscriber_id = $1)`, [p.id, `(${p.locations[0][0]},${p.locations[0][1]})`]);
      } else if (change === 'drop' && p.locations.length > 0) {
        p.locations.shift();
        await dataSource.query(`DELETE FROM subscriber_location WHERE id = (SELECT min(id) FROM subscriber_location WHERE subscriber_id = $1)`, [p.id]);
      } else if (change === 'add') {
        const added = point();
        p.locations.push(added);
        await dataSource.query(`INSERT INTO subscriber_location (subscriber_id, position) VALUES ($1, $2::point)`, [p.id, `(${added[0]},${added[1]})`]);
      }
    }
    await dataSource.query('ANALYZE');
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  async function freeze(area: NormalizedArea, filters: AudienceFilters): Promise<Map<string, string>> {
    const [run] = await dataSource.query<{ id: string }[]>(`INSERT INTO dispatch_run (priority, messages, default_language, state) VALUES (1, '{}', 'en', 'paused') RETURNING id`);
    const count = await dataSource.transaction((manager) => audience.freeze(manager, { runId: run!.id, area, priority: 1, channels: AVAILABLE, filters }));
    const rows: { subscriber_id: string; channel: string }[] = await dataSource.query(`SELECT subscriber_id, channel FROM delivery WHERE run_id = $1`, [run!.id]);
    expect(rows).toHaveLength(count);
    return new Map(rows.map((row) => [row.subscriber_id, row.channel]));
  }

  const gridValue = (max: number) => fc.integer({ min: 0, max: max * 20 }).map((n) => n / 20);
  const rectangle = fc.record({ x: gridValue(8), y: gridValue(8), w: gridValue(4).filter((w) => w > 0), h: gridValue(4).filter((h) => h > 0) }).map(
    ({ x, y, w, h }) => ({ type: 'Polygon' as const, coordinates: [[[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]] }),
  );
  const circle = fc.record({ lat: fc.double({ min: 0, max: 10, noNaN: true }), lon: fc.double({ min: 0, max: 10, noNaN: true }), radiusKm: fc.double({ min: 1, max: 400, noNaN: true }) });
  const areaInput: fc.Arbitrary<AreaInput> = fc.record({ polygons: fc.array(rectangle, { maxLength: 2 }), circles: fc.array(circle, { maxLength: 2 }) }).filter((a) => a.polygons.length + a.circles.length > 0);
  const filters: fc.Arbitrary<AudienceFilters> = fc.record(
    {
      channels: fc.subarray(['whatsapp', 'sms', 'email'], { minLength: 1 }),
      languages: fc.subarray(['en', 'de', 'es'], { minLength: 1 }),
      tags: fc.subarray(['needs-assistance', 'has-no-car'], { minLength: 1 }),
      requiredTags: fc.subarray(['needs-assistance', 'has-no-car'], { minLength: 1 }),
    },
    { requiredKeys: [] },
  );

  it('freezes exactly the reference audience, each person once on their preferred allowed channel', async () => {
    await fc.assert(
      fc.asyncProperty(areaInput, filters, async (input, chosen) => {
        const area = normalizeArea(input);
        const expected = reference(people, area, chosen);
        const frozen = await freeze(area, chosen);
        expect([...frozen.entries()].sort()).toEqual([...expected.entries()].sort());
        const preview = await audience.preview(dataSource.manager, { area, channels: AVAILABLE, filters: chosen });
        expect(preview.total).toBe(expected.size);
        expect(preview.byChannel).toEqual(tally(people.filter((p) => expected.has(p.id)), (p) => expected.get(p.id)!));
        expect(preview.byLanguage).toEqual(tally(people.filter((p) => expected.has(p.id)), (p) => p.language));
      }),
      { numRuns: 40, seed: 20261125 },
    );
  });

  it('the preview counts what the freeze inserts', async () => {
    const area = normalizeArea({ polygons: [{ type: 'Polygon', coordinates: [[[1, 1], [6, 1], [6, 6], [1, 6], [1, 1]], [[2, 2], [2, 3], [3, 3], [3, 2], [2, 2]]] }] });
    const frozen = await freeze(area, {});
    const preview = await audience.preview(dataSource.manager, { area, channels: AVAILABLE });
    expect(preview.total).toBe(frozen.size);
    expect(preview.byChannel).toEqual(tally([...frozen.values()], (c) => c));
    expect(frozen.size).toBeGreaterThan(100);
  });
});
