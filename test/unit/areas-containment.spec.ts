import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NormalizedArea, Position } from '../../src/areas/area.types.js';
import { findPointOutside, isWithin } from '../../src/areas/containment.js';
import { EdgeIndex } from '../../src/areas/edge-index.js';
import { pointInArea } from '../../src/areas/point-in-area.js';
import { normalizeArea } from '../../src/areas/validate-area.js';
import { SHARED_DATA } from '../support/shared-data.js';

const polygon = (...rings: Position[][]): NormalizedArea =>
  normalizeArea({ polygons: [{ type: 'Polygon', coordinates: rings.map((ring) => [...ring, ring[0]!]) }] });
const rectangle = (x1: number, y1: number, x2: number, y2: number): Position[] => [[x1, y1], [x2, y1], [x2, y2], [x1, y2]];
const union = (...areas: NormalizedArea[]): NormalizedArea => ({ parts: areas.flatMap((area) => area.parts) });
const circle = (lat: number, lon: number, radiusKm: number) => normalizeArea({ circles: [{ lat, lon, radiusKm }] });

const square = polygon(rectangle(0, 0, 10, 10));
/** A U open to the north: the notch between x = 23 and x = 27 above y = 3 is outside. */
const u = polygon([[20, 0], [30, 0], [30, 10], [27, 10], [27, 3], [23, 3], [23, 10], [20, 10]]);
const withEnclave = polygon(rectangle(0, 0, 10, 10), rectangle(4, 4, 6, 6));
/** Four strips round the square (4..6)²: a ring of allowed areas with a gap in the middle. */
const frame = union(polygon(rectangle(0, 0, 10, 4)), polygon(rectangle(0, 6, 10, 10)), polygon(rectangle(0, 4, 4, 6)), polygon(rectangle(6, 4, 10, 6)));

describe('findPointOutside: is one area within another', () => {
  it.each<[string, NormalizedArea, NormalizedArea, 'vertex' | 'edge' | 'enclosed' | undefined]>([
    ['a small square inside', polygon(rectangle(2, 2, 3, 3)), square, undefined],
    ['the same square', square, square, undefined],
    ['a square sharing one edge', polygon(rectangle(0, 2, 3, 3)), square, undefined],
    ['a vertex outside', polygon([[2, 2], [12, 2], [3, 3]]), square, 'vertex'],
    ['across the notch of a U, every vertex in its arms', polygon(rectangle(21, 8, 29, 9)), u, 'edge'],
    ['along the floor of the U notch', polygon(rectangle(21, 1, 29, 3)), u, undefined],
    ['over an enclave', polygon(rectangle(3, 3, 7, 7)), withEnclave, 'enclosed'],
    ['beside an enclave', polygon(rectangle(1, 1, 3, 9)), withEnclave, undefined],
    ['over an enclave, with a hole where the enclave is (holes of the inner area are not used)', polygon(rectangle(3, 3, 7, 7), rectangle(4, 4, 6, 6)), withEnclave, 'enclosed'],
    ['across two adjacent allowed squares', polygon(rectangle(5, 2, 15, 8)), union(square, polygon(rectangle(10, 0, 20, 10))), undefined],
    ['over the gap in a frame of allowed strips', polygon(rectangle(1, 1, 9, 9)), frame, 'enclosed'],
    ['within one strip of the frame', polygon(rectangle(1, 1, 9, 3)), frame, undefined],
    ['a circle inside', circle(5, 5, 100), square, undefined],
    ['a circle reaching out', circle(5, 9.5, 100), square, 'vertex'],
    ['nothing at all', { parts: [] }, square, undefined],
    ['anything in an empty area', square, { parts: [] }, 'vertex'],
  ])('%s', (_name, inner, outer, found) => {
    expect(findPointOutside(inner, outer)?.found).toBe(found);
    expect(isWithin(inner, outer)).toBe(found === undefined);
  });

  it('names a point that really is outside', () => {
    const outside = findPointOutside(polygon(rectangle(21, 8, 29, 9)), u)!;
    expect(pointInArea(u, outside.point[0], outside.point[1])).toBe(false);
    expect(outside.point[0]).toBeGreaterThan(23);
    expect(outside.point[0]).toBeLessThan(27);
    const enclosed = findPointOutside(polygon(rectangle(3, 3, 7, 7)), withEnclave)!;
    expect(pointInArea(withEnclave, enclosed.point[0], enclosed.point[1])).toBe(false);
  });

  it('counts PostgreSQL\'s 1e-6 tolerance as inside, and a wider tolerance when asked', () => {
    expect(isWithin(polygon(rectangle(0, 0, 10 + 0.5e-7, 5)), square)).toBe(true);
    expect(isWithin(polygon(rectangle(0, 0, 10 + 0.5e-6, 5)), square)).toBe(false); // 1e-6 / edge length, as in PostgreSQL
    const tooWide = polygon(rectangle(0, 0, 10.001, 5));
    expect(findPointOutside(tooWide, square)?.found).toBe('vertex');
    expect(isWithin(tooWide, square, { tolerance: 0.002 })).toBe(true);
    expect(isWithin(tooWide, square, { tolerance: 0.0005 })).toBe(false);
    // A bulge between two vertices that stay inside: the edge is sampled, not just its ends.
    const bulge = polygon([[1, 1], [5, 1], [5, 0.5], [5.5, -0.01], [6, 0.5], [6, 1], [9, 1], [9, 9], [1, 9]]);
    expect(isWithin(bulge, square, { tolerance: 0.02 })).toBe(true);
    expect(isWithin(bulge, square, { tolerance: 0.005 })).toBe(false);
    // A tolerance does not excuse an enclave wider than it.
    expect(isWithin(polygon(rectangle(3, 3, 7, 7)), withEnclave, { tolerance: 0.01 })).toBe(false);
  });

  it('handles areas across the antimeridian, stored whole or split at ±180', () => {
    const pacific = polygon([[170, -10], [-170, -10], [-170, 10], [170, 10]]);
    const split = union(polygon(rectangle(170, -10, 180, 10)), polygon(rectangle(-180, -10, -170, 10)));
    const across = polygon([[175, -5], [-175, -5], [-175, 5], [175, 5]]);
    for (const outer of [pacific, split]) {
      expect(isWithin(across, outer)).toBe(true);
      expect(isWithin(polygon(rectangle(-179, 1, -171, 2)), outer)).toBe(true);
      expect(isWithin(polygon([[175, -5], [-165, -5], [-165, 5], [175, 5]]), outer)).toBe(false);
      expect(isWithin(polygon(rectangle(160, 0, 175, 5)), outer)).toBe(false);
    }
  });
});

describe('EdgeIndex', () => {
  it('answers exactly as pointInArea, on random points near every kind of edge', () => {
    const areas = [square, u, withEnclave, frame, circle(50, 8, 40), polygon([[170, -10], [-170, -10], [-170, 10], [170, 10]])];
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);
    for (const area of areas) {
      const index = new EdgeIndex(area);
      const vertices = area.parts.flatMap((part) => [part.outer, ...part.holes].flat());
      for (let i = 0; i < 4000; i++) {
        const [x, y] = vertices[Math.floor(random() * vertices.length)]!;
        const [dx, dy] = [(random() - 0.5) * 10 ** -Math.floor(random() * 8), (random() - 0.5) * 10 ** -Math.floor(random() * 8)];
        const [lon, lat] = i % 3 === 0 ? [x + dx, y] : [x + dx, y + dy];
        expect(index.contains(lon, lat), `${lon},${lat}`).toBe(pointInArea(area, lon, lat));
      }
    }
  });
});

describe('real areas: German states and districts', () => {
  const read = (file: string) => JSON.parse(readFileSync(join(SHARED_DATA, 'areas', file), 'utf8')) as { features: { properties: Record<string, string>; geometry: unknown }[] };
  const shape = (geometry: unknown) => normalizeArea({ polygons: [geometry] }, { maxVertices: 200_000 });
  const states = new Map(read('isellsoap_2_bundeslaender_3_mittel.geo.json').features.map((f) => [f.properties.name!, shape(f.geometry)]));
  const state = (name: string) => states.get(name)!;

  it('Berlin is not within Brandenburg (it is the hole), but is within Brandenburg and Berlin', () => {
    expect(findPointOutside(state('Berlin'), state('Brandenburg'))?.found).toBe('vertex');
    // The two files' borders disagree by up to ~0.004°, so the union needs that much tolerance.
    expect(isWithin(state('Berlin'), union(state('Brandenburg'), state('Berlin')), { tolerance: 0.005 })).toBe(true);
  });

  it('a polygon round Berlin is refused to a Brandenburg operator, though each vertex is in Brandenburg', () => {
    const roundBerlin = polygon(rectangle(12.9, 52.2, 13.9, 52.8));
    expect(findPointOutside(roundBerlin, state('Brandenburg'), { tolerance: 0.01 })?.found).toBe('enclosed');
    expect(isWithin(roundBerlin, union(state('Brandenburg'), state('Berlin')), { tolerance: 0.01 })).toBe(true);
  });

  it('every one of the 434 districts lies within its own state (at 0.01°, the files differ in detail), none within a neighbour', () => {
    const indexes = new Map([...states].map(([name, area]) => [name, new EdgeIndex(area)]));
    const outsideOwn: string[] = [];
    let withinOther = 0;
    for (const district of read('isellsoap_4_kreise_4_niedrig.geo.json').features) {
      const area = shape(district.geometry);
      const own = district.properties.NAME_1!;
      if (!isWithin(area, indexes.get(own)!, { tolerance: 0.01 })) outsideOwn.push(`${district.properties.NAME_3} (${own})`);
      const neighbour = own === 'Bayern' ? 'Baden-Württemberg' : 'Bayern';
      if (isWithin(area, indexes.get(neighbour)!, { tolerance: 0.01 })) withinOther += 1;
    }
    expect(outsideOwn).toEqual([]);
    expect(withinOther).toBe(0);
  });
});
