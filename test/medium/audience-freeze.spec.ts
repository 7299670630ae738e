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

function isValidArea(input: AreaInput): boolean {
  try {
    normalizeArea(input);
    return true;
  } catch {
    return false;
  }
}

/** A comb standing on a spine 0.5° high, its teeth `width` apart by `gap`, a square hole in the spine. */
function combRings(x: number, y: number, heights: number[], width: number, gap: number): [number, number][][] {
  const spine = 16 / 32;
  const right = x + heights.length * (width + gap);
  const outer: [number, number][] = [[x, y], [right, y], [right, y + spine]];
  for (let k = heights.length - 1; k >= 0; k--) {
    const left = x + k * (width + gap);
    const top = y + spine + heights[k]! / 32;
    outer.push([left + width, y + spine], [left + width, top], [left, top], [left, y + spine]);
  }
  outer.push([x, y]);
  const hole: [number, number][] = [[x + 4 / 32, y + 4 / 32], [x + 4 / 32, y + 12 / 32], [x + 20 / 32, y + 12 / 32], [x + 20 / 32, y + 4 / 32], [x + 4 / 32, y + 4 / 32]];
  return [outer, hole];
}

/** A star around (cx, cy), a vertex every 360°/radii.length at radii[k] / 20 degrees, rounded to the 0.05° grid. */
function starRing(cx: number, cy: number, radii: number[]): [number, number][] {
  const ring = radii.map((r, k): [number, number] => {
    const angle = (2 * Math.PI * k) / radii.length;
    return [cx + Math.round(r * Math.cos(angle)) / 20, cy + Math.round(r * Math.sin(angle)) / 20];
  });
  return [...ring, ring[0]!];
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
    // Points on a 0.05° grid a third of the time, so shapes with grid vertices put people on their
    // edges; on the 1/32° lines of the cell grid (area-grid.ts) or just off them a third, so combs
    // drawn on those lines put people on edges that are cell borders too.
    const nudge = () => pick([0, 0, 1e-7, -1e-7, 1e-6, -1e-6, 2e-6, -2e-6, 1e-5]);
    const point = (): [number, number] => {
      const kind = random();
      if (kind < 0.33) return [Math.round(random() * 200) / 20, Math.round(random() * 200) / 20];
      if (kind < 0.66) return [Math.round(random() * 320) / 32 + nudge(), Math.round(random() * 320) / 32 + nudge()];
      return [random() * 10, random() * 10];
    };
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
  const simpleArea: fc.Arbitrary<AreaInput> = fc.record({ polygons: fc.array(rectangle, { maxLength: 2 }), circles: fc.array(circle, { maxLength: 2 }) }).filter((a) => a.polygons.length + a.circles.length > 0);
  // Above GRID_FROM_VERTICES, answered by grid cells first: a comb on the cell lines or just off
  // them (its edges are cell borders or pass a hair from them, with people on them) with a hole, and a many-pointed star with vertices on the
  // 0.05° grid and a star-shaped hole.
  const onCellLine = (max: number) => fc.integer({ min: 0, max: max * 32 }).map((n) => n / 32);
  const comb = fc
    .record({ x: onCellLine(3), y: onCellLine(3), shift: fc.constantFrom(0, 5e-7, -5e-7, 1.5e-6), heights: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 26, maxLength: 45 }), width: fc.integer({ min: 1, max: 3 }), gap: fc.integer({ min: 1, max: 3 }) })
    .map(({ x, y, shift, heights, width, gap }) => ({ type: 'Polygon' as const, coordinates: combRings(x + shift, y + shift, heights, width / 32, gap / 32) }));
  const star = fc
    .record({ cx: gridValue(10), cy: gridValue(10), radii: fc.array(fc.integer({ min: 60, max: 100 }), { minLength: 100, maxLength: 250 }), hole: fc.array(fc.integer({ min: 6, max: 10 }), { minLength: 3, maxLength: 12 }) })
    .map(({ cx, cy, radii, hole }) => ({ type: 'Polygon' as const, coordinates: [starRing(cx, cy, radii), starRing(cx, cy, hole).reverse()] }));
  const complexArea: fc.Arbitrary<AreaInput> = fc.record({ polygons: fc.array(fc.oneof(comb, star), { minLength: 1, maxLength: 2 }) }).filter(isValidArea);
  const areaInput: fc.Arbitrary<AreaInput> = fc.oneof(simpleArea, complexArea);
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
      { numRuns: Number(process.env.AUDIENCE_RUNS ?? 60), seed: 20261125 },
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
