import { describe, expect, it } from 'vitest';
import type { AreaInput, Position, Ring } from '../../src/areas/area.types.js';
import { AreaError, type AreaErrorCode } from '../../src/areas/areas.errors.js';
import { circleToPolygon, haversineKm } from '../../src/areas/circle.js';
import { pointInArea } from '../../src/areas/point-in-area.js';
import { normalizeArea } from '../../src/areas/validate-area.js';

const square: Position[] = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
const hole: Position[] = [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]];
const polygon = (...rings: Position[][]): AreaInput => ({ polygons: [{ type: 'Polygon', coordinates: rings }] });

function regularRing(vertices: number, radius: number): Position[] {
  const ring: Position[] = [];
  for (let k = 0; k < vertices; k++) {
    const angle = (2 * Math.PI * k) / vertices;
    ring.push([radius * Math.cos(angle), radius * Math.sin(angle)]);
  }
  return [...ring, ring[0]!];
}

function failure(input: unknown, options?: Parameters<typeof normalizeArea>[1]): AreaError {
  try {
    normalizeArea(input, options);
  } catch (error) {
    if (error instanceof AreaError) return error;
    throw error;
  }
  throw new Error('expected an AreaError');
}

function signedArea(ring: Ring): number {
  let sum = 0;
  for (let k = 0; k < ring.length - 1; k++) sum += ring[k]![0] * ring[k + 1]![1] - ring[k + 1]![0] * ring[k]![1];
  return sum / 2;
}

describe('normalizeArea refuses', () => {
  interface RefusalCase {
    name: string;
    input: unknown;
    code: AreaErrorCode;
    path: string;
    options?: { maxVertices: number };
  }
  const cases: RefusalCase[] = [
    { name: 'an empty object', input: {}, code: 'area.empty', path: '' },
    { name: 'empty lists', input: { polygons: [], circles: [] }, code: 'area.empty', path: '' },
    { name: 'a non-object', input: 'everywhere', code: 'area.invalid_geometry', path: '' },
    { name: 'polygons that are not a list', input: { polygons: {} }, code: 'area.invalid_geometry', path: 'polygons' },
    {
      name: 'an unknown geometry type',
      input: { polygons: [{ type: 'Point', coordinates: [0, 0] }] },
      code: 'area.invalid_geometry',
      path: 'polygons[0].type',
    },
    {
      name: 'missing coordinates',
      input: { polygons: [{ type: 'Polygon' }] },
      code: 'area.invalid_geometry',
      path: 'polygons[0].coordinates',
    },
    {
      name: 'a polygon without rings',
      input: { polygons: [{ type: 'Polygon', coordinates: [] }] },
      code: 'area.invalid_geometry',
      path: 'polygons[0].coordinates',
    },
    {
      name: 'a ring that is not a list',
      input: { polygons: [{ type: 'Polygon', coordinates: [5] }] },
      code: 'area.invalid_geometry',
      path: 'polygons[0].coordinates[0]',
    },
    {
      name: 'a position with a string',
      input: { polygons: [{ type: 'Polygon', coordinates: [[[0, 0], [1, '1'], [1, 0], [0, 0]]] }] },
      code: 'area.invalid_geometry',
      path: 'polygons[0].coordinates[0][1]',
    },
    {
      name: 'a position with one number',
      input: polygon(square, [[2, 2], [3], [3, 3], [2, 2]] as Position[]),
      code: 'area.invalid_geometry',
      path: 'polygons[0].coordinates[1][1]',
    },
    {
      name: 'a longitude past 180 in a hole',
      input: polygon(square, [[2, 2], [2, 4], [181, 4], [2, 2]]),
      code: 'area.coordinates_out_of_range',
      path: 'polygons[0].coordinates[1][2]',
    },
    {
      name: 'a latitude past 90',
      input: polygon([[0, 0], [1, 0], [1, 90.5], [0, 0]]),
      code: 'area.coordinates_out_of_range',
      path: 'polygons[0].coordinates[0][2]',
    },
    {
      name: 'an antimeridian crossing written with longitudes past 180',
      input: polygon([[179, -1], [181, -1], [181, 1], [179, 1], [179, -1]]),
      code: 'area.coordinates_out_of_range',
      path: 'polygons[0].coordinates[0][1]',
    },
    {
      name: 'an open ring in the second polygon of a MultiPolygon',
      input: {
        polygons: [{ type: 'MultiPolygon', coordinates: [[square], [[[20, 0], [21, 0], [21, 1], [20, 1]]]] }],
      },
      code: 'area.ring_not_closed',
      path: 'polygons[0].coordinates[1][0]',
    },
    {
      name: 'a ring of three positions',
      input: polygon([[0, 0], [1, 0], [0, 0]]),
      code: 'area.ring_too_short',
      path: 'polygons[0].coordinates[0]',
    },
    {
      name: 'a ring of repeated positions',
      input: polygon([[0, 0], [1, 1], [1, 1], [0, 0], [0, 0]]),
      code: 'area.ring_too_short',
      path: 'polygons[0].coordinates[0]',
    },
    {
      name: 'a bow tie',
      input: polygon([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]),
      code: 'area.self_intersection',
      path: 'polygons[0].coordinates[0]',
    },
    {
      name: 'a hole that touches itself at a vertex',
      input: polygon(square, [[2, 2], [4, 2], [3, 3], [4, 4], [2, 4], [3, 3], [2, 2]]),
      code: 'area.self_intersection',
      path: 'polygons[0].coordinates[1]',
    },
    {
      name: 'a spike folding back on its edge',
      input: polygon([[0, 0], [2, 0], [1, 0], [1, 1], [0, 0]]),
      code: 'area.self_intersection',
      path: 'polygons[0].coordinates[0]',
    },
    {
      name: 'a flat triangle',
      input: polygon([[0, 0], [1, 1], [2, 2], [0, 0]]),
      code: 'area.self_intersection',
      path: 'polygons[0].coordinates[0]',
    },
    {
      name: 'a ring round the pole',
      input: polygon([[0, 80], [90, 80], [180, 80], [-90, 80], [0, 80]]),
      code: 'area.invalid_geometry',
      path: 'polygons[0].coordinates[0]',
    },
    {
      name: 'more vertices than the limit',
      input: { polygons: [polygon(square).polygons![0]!, polygon(hole).polygons![0]!] },
      options: { maxVertices: 7 },
      code: 'area.too_many_vertices',
      path: 'polygons[1].coordinates[0]',
    },
    {
      name: 'a circle of radius 0',
      input: { circles: [{ lat: 0, lon: 0, radiusKm: 0 }] },
      code: 'area.invalid_circle',
      path: 'circles[0].radiusKm',
    },
    {
      name: 'a circle wider than 2000 km',
      input: { circles: [{ lat: 0, lon: 0, radiusKm: 1 }, { lat: 0, lon: 0, radiusKm: 2000.5 }] },
      code: 'area.invalid_circle',
      path: 'circles[1].radiusKm',
    },
    {
      name: 'a circle centred off the map',
      input: { circles: [{ lat: -91, lon: 0, radiusKm: 5 }] },
      code: 'area.invalid_circle',
      path: 'circles[0].lat',
    },
    {
      name: 'a circle round the north pole',
      input: { circles: [{ lat: 88, lon: 10, radiusKm: 300 }] },
      code: 'area.invalid_circle',
      path: 'circles[0].radiusKm',
    },
    {
      name: 'a circle with a text radius',
      input: { circles: [{ lat: 1, lon: 2, radiusKm: '3' }] },
      code: 'area.invalid_geometry',
      path: 'circles[0].radiusKm',
    },
  ];

  it.each(cases)('$name with $code at "$path"', ({ input, code, path, options }) => {
    const error = failure(input, options);
    expect(error.code).toBe(code);
    expect(error.details.path).toBe(path);
    expect(error.status).toBe(400);
  });

  it('names the crossing edges and where they cross', () => {
    const error = failure(polygon([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]));
    expect(error.details).toMatchObject({ segments: [0, 2], point: [1, 1] });
  });

  it('names the folded edges of a spike', () => {
    const error = failure(polygon([[0, 0], [2, 0], [1, 0], [1, 1], [0, 0]]));
    expect(error.details).toMatchObject({ segments: [0, 1], point: [1, 0] });
  });

  it('refuses 10,001 vertices with the default limit', () => {
    const error = failure(polygon(regularRing(10_001, 10)));
    expect(error.code).toBe('area.too_many_vertices');
    expect(error.details).toMatchObject({ limit: 10_000, vertices: 10_001 });
  });
});

describe('normalizeArea accepts', () => {
  it('a polygon with holes as one part', () => {
    const area = normalizeArea(polygon(square, hole, [[6, 6], [6, 8], [8, 8], [6, 6]]));
    expect(area.parts).toHaveLength(1);
    expect(area.parts[0]!.outer).toEqual(square);
    expect(area.parts[0]!.holes).toEqual([hole, [[6, 6], [6, 8], [8, 8], [6, 6]]]);
  });

  it('a MultiPolygon and a circle as one part each', () => {
    const area = normalizeArea({
      polygons: [{ type: 'MultiPolygon', coordinates: [[square, hole], [[[20, 0], [21, 0], [21, 1], [20, 0]]]] }],
      circles: [{ lat: 40, lon: -3, radiusKm: 10 }],
    });
    expect(area.parts.map((part) => part.holes.length)).toEqual([1, 0, 0]);
  });

  it('repeated positions and an altitude', () => {
    const area = normalizeArea(polygon([[0, 0, 5], [0, 0], [1, 0], [1, 1], [1, 1], [0, 1], [0, 0]] as Position[]));
    expect(area.parts[0]!.outer).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
  });

  it('a ring of 10,000 vertices with the default limit', () => {
    const area = normalizeArea(polygon(regularRing(10_000, 10)));
    expect(area.parts[0]!.outer).toHaveLength(10_001);
  });

  it('a polygon over the antimeridian as two parts, one on each side', () => {
    const outer: Position[] = [[170, -10], [-170, -10], [-170, 10], [170, 10], [170, -10]];
    const area = normalizeArea(polygon(outer, [[175, -1], [-175, -1], [-175, 1], [175, 1], [175, -1]]));
    expect(area.parts).toHaveLength(2);
    const [west, east] = area.parts.map((part) => part.outer.map(([lon]) => lon));
    expect([Math.min(...west!), Math.max(...west!)]).toEqual([170, 190]);
    expect([Math.min(...east!), Math.max(...east!)]).toEqual([-190, -170]);
    const inside = (lon: number, lat: number) => pointInArea(area, lon, lat);
    for (const [lon, lat] of [[171, 5], [-171, 5], [180, 5], [-180, 5]] as Position[]) {
      expect(inside(lon, lat), `${lon}, ${lat}`).toBe(true);
    }
    for (const [lon, lat] of [[179, 0], [-179, 0], [0, 0], [160, 5], [-160, 5]] as Position[]) {
      expect(inside(lon, lat), `${lon}, ${lat}`).toBe(false);
    }
  });

  it('a polygon with vertices on the antimeridian', () => {
    const area = normalizeArea(
      polygon([[175, -5], [180, -5], [-180, -5], [-175, -5], [-175, 5], [-180, 5], [180, 5], [175, 5], [175, -5]]),
    );
    expect(area.parts).toHaveLength(2);
    expect([178, -178, 170].map((lon) => pointInArea(area, lon, 0))).toEqual([true, true, false]);
  });
});

describe('circles', () => {
  const radiusKm = 150;

  it('become a closed counter-clockwise ring with every vertex at the radius', () => {
    const ring = circleToPolygon(48.8, 2.35, radiusKm);
    expect(ring).toHaveLength(65);
    expect(ring[64]).toEqual(ring[0]);
    expect(signedArea(ring)).toBeGreaterThan(0);
    for (const [lon, lat] of ring) {
      expect(Math.abs(haversineKm(48.8, 2.35, lat, lon) - radiusKm) / radiusKm).toBeLessThan(0.005);
    }
  });

  it('over the antimeridian become two parts', () => {
    const area = normalizeArea({ circles: [{ lat: -17, lon: 179.5, radiusKm }] });
    expect(area.parts).toHaveLength(2);
    expect(pointInArea(area, -179.5, -17)).toBe(true);
    expect(pointInArea(area, 179.9, -17)).toBe(true);
    expect(pointInArea(area, -177, -17)).toBe(false);
  });

  it('near a pole, without containing it, keep their radius', () => {
    const ring = circleToPolygon(70, 100, 1900, 128);
    for (const [lon, lat] of ring) {
      expect(Math.abs(haversineKm(70, 100, lat, lon) - 1900) / 1900).toBeLessThan(0.005);
    }
    expect(normalizeArea({ circles: [{ lat: 70, lon: 100, radiusKm: 1900 }] }).parts).toHaveLength(1);
  });
});
