import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { polygonLiteral } from '../../src/areas/area-sql.js';
import type { NormalizedArea, Position, Ring } from '../../src/areas/area.types.js';
import { findPointOutside } from '../../src/areas/containment.js';
import { connect, createTestDatabase, type TestDatabase } from '../support/database.js';
import { randomFrom } from '../support/random.js';

/** A star-shaped ring round a centre (simple by construction: angles strictly increase). */
function star(random: () => number, centre: Position, minRadius: number, maxRadius: number): Ring {
  const count = 4 + Math.floor(random() * 16);
  const angles = Array.from({ length: count }, () => random() * 2 * Math.PI).sort((a, b) => a - b);
  const ring = angles.map((angle): Position => {
    const radius = minRadius + random() * (maxRadius - minRadius);
    return [centre[0] + radius * Math.cos(angle), centre[1] + radius * Math.sin(angle)];
  });
  return [...ring, ring[0]!];
}

const area = (ring: Ring): NormalizedArea => ({ parts: [{ outer: ring, holes: [] }] });

/**
 * The containment check, proven by PostgreSQL's `point <@ polygon` (what selects subscribers) on
 * random concave shapes, well inside, crossing, and poking out between vertices: a "no" comes with
 * a point PostgreSQL puts inside the inner polygon and outside the outer one; after a "yes",
 * PostgreSQL finds none among the inner polygon's vertices, points along its edges and a scatter
 * inside it. PostgreSQL's own `polygon @> polygon` is not the reference: it checks edge midpoints
 * against the remaining edges only, and says yes to some polygons with a vertex outside.
 */
describe('area containment, checked by PostgreSQL', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await connect(db);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('on 3,000 random pairs of concave polygons', async () => {
    const random = randomFrom(20_261_202);
    const pairs = Array.from({ length: 3000 }, () => {
      const outer = star(random, [0, 0], 3, 10);
      const inner = star(random, [(random() - 0.5) * 8, (random() - 0.5) * 8], 0.2, 1 + random() * 4);
      return { outer, inner, outside: findPointOutside(area(inner), area(outer)) };
    });
    const refused = pairs.filter((pair) => pair.outside);
    const witnesses: { in_inner: boolean; in_outer: boolean }[] = await dataSource.query(
      `SELECT w::point <@ i::polygon AS in_inner, w::point <@ o::polygon AS in_outer
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS p(w, i, o, n) ORDER BY n`,
      [refused.map((pair) => `(${pair.outside!.point.join(',')})`), refused.map((pair) => polygonLiteral(pair.inner)), refused.map((pair) => polygonLiteral(pair.outer))],
    );
    expect(witnesses.filter((row) => !row.in_inner || row.in_outer)).toEqual([]);

    const accepted = pairs.filter((pair) => !pair.outside);
    const samples = accepted.flatMap((pair) => samplesOf(pair.inner, random).map((point) => ({ point, pair })));
    const [{ escaped }]: [{ escaped: string }] = await dataSource.query(
      `SELECT count(*) AS escaped FROM unnest($1::text[], $2::text[], $3::text[]) AS s(p, i, o)
       WHERE p::point <@ i::polygon AND NOT p::point <@ o::polygon`,
      [samples.map((s) => `(${s.point.join(',')})`), samples.map((s) => polygonLiteral(s.pair.inner)), samples.map((s) => polygonLiteral(s.pair.outer))],
    );
    expect(Number(escaped)).toBe(0);
    expect(samples.length).toBeGreaterThan(100_000);
    // Both answers occur often enough for the comparison to mean something.
    expect(accepted.length).toBeGreaterThan(300);
    expect(refused.length).toBeGreaterThan(300);

    // Where PostgreSQL's polygon @> polygon disagrees, it is the one that is wrong (see above).
    const contains: { contains: boolean }[] = await dataSource.query(
      `SELECT o::polygon @> i::polygon AS contains FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS p(o, i, n) ORDER BY n`,
      [pairs.map((pair) => polygonLiteral(pair.outer)), pairs.map((pair) => polygonLiteral(pair.inner))],
    );
    const disagreements = pairs.filter((pair, k) => (pair.outside === undefined) !== contains[k]!.contains);
    expect(disagreements.every((pair) => pair.outside !== undefined)).toBe(true);
    expect(disagreements.length).toBeLessThan(pairs.length / 100);
  });
});

/** The vertices, 20 points along each edge, and 40 points scattered over the bounding box. */
function samplesOf(ring: Ring, random: () => number): Position[] {
  const points: Position[] = [];
  for (let k = 0; k + 1 < ring.length; k++) {
    const [a, b] = [ring[k]!, ring[k + 1]!];
    for (let s = 0; s < 20; s++) points.push([a[0] + ((b[0] - a[0]) * s) / 20, a[1] + ((b[1] - a[1]) * s) / 20]);
  }
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (let s = 0; s < 40; s++) points.push([minX + (maxX - minX) * random(), minY + (maxY - minY) * random()]);
  return points;
}
