import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { areaCells, CELLS_PER_DEGREE, cellOf, type AreaCells } from '../../src/areas/area-grid.js';
import type { AreaInput, NormalizedArea, Position } from '../../src/areas/area.types.js';
import { pointInArea } from '../../src/areas/point-in-area.js';
import { normalizeArea } from '../../src/areas/validate-area.js';

const CELL = 1 / CELLS_PER_DEGREE;
const OFFSETS = [0, 1e-9, 5e-7, 1e-6, 1.5e-6, 3e-6, 1e-5, 2e-5, 5e-5, 1e-4, 3e-4, 1e-3];

/**
 * Points where a wrong cell would show: on every edge and vertex and just off them on both sides,
 * on the cell borders and corners near them, and the centres of the cells around.
 */
function probes(area: NormalizedArea, random: () => number): Position[] {
  const points: Position[] = [];
  for (const ring of area.parts.flatMap((part) => [part.outer, ...part.holes])) {
    for (let i = 1; i < ring.length; i++) {
      const [ax, ay] = ring[i - 1]!;
      const [bx, by] = ring[i]!;
      const length = Math.hypot(bx - ax, by - ay) || 1;
      const [nx, ny] = [(ay - by) / length, (bx - ax) / length];
      for (const t of [0, 0.5, random()]) {
        const [px, py] = [ax + t * (bx - ax), ay + t * (by - ay)];
        for (const d of OFFSETS) points.push([px + d * nx, py + d * ny], [px - d * nx, py - d * ny], [px + d, py + d], [px - d, py - d]);
        const [cx, cy] = [Math.floor(px / CELL) * CELL, Math.floor(py / CELL) * CELL];
        for (const [x, y] of [[cx, cy], [cx + CELL, cy], [cx, py], [px, cy], [cx + CELL / 2, cy + CELL / 2]] as Position[]) {
          for (const d of [0, 1e-12, -1e-12, 1e-6, -1e-6]) points.push([x + d, y], [x, y + d]);
        }
      }
    }
  }
  return points.filter(([x, y]) => x >= -180 && x <= 180 && y >= -90 && y <= 90);
}

/** The first probe whose cell's verdict disagrees with the brute-force reference. */
function misclassified(area: NormalizedArea, cells: AreaCells, points: readonly Position[]): Position | undefined {
  const inside = new Set(cells.inside);
  const edge = new Set(cells.edge);
  return points.find(([x, y]) => {
    const cell = cellOf(x, y);
    return !edge.has(cell) && pointInArea(area, x, y) !== inside.has(cell);
  });
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

/** A star: `radii.length` vertices around (cx, cy), counter-clockwise; past 180° east it continues from -180°. */
function star(cx: number, cy: number, radii: number[], turn: number): Position[] {
  const ring = radii.map((r, k): Position => {
    const angle = turn + (2 * Math.PI * k) / radii.length;
    const x = cx + r * Math.cos(angle);
    return [x > 180 ? x - 360 : x < -180 ? x + 360 : x, cy + r * Math.sin(angle)];
  });
  return [...ring, ring[0]!];
}

/** A comb on the grid's own lines: teeth `width` cells wide, `gap` cells apart, of varying heights. */
function comb(x0: number, y0: number, heights: number[], width: number, gap: number): Position[] {
  const spine = 3 * CELL;
  const ring: Position[] = [[x0, y0]];
  const right = x0 + heights.length * (width + gap) * CELL;
  ring.push([right, y0], [right, y0 + spine]);
  for (let k = heights.length - 1; k >= 0; k--) {
    const left = x0 + k * (width + gap) * CELL;
    ring.push([left + width * CELL, y0 + spine], [left + width * CELL, y0 + spine + heights[k]! * CELL], [left, y0 + spine + heights[k]! * CELL], [left, y0 + spine]);
  }
  return [...ring.slice(0, -1), [x0, y0]];
}

const manyVertexArea: fc.Arbitrary<AreaInput> = fc.oneof(
  fc
    .record({
      cx: fc.double({ min: -179, max: 179, noNaN: true }),
      cy: fc.double({ min: -80, max: 80, noNaN: true }),
      scale: fc.constantFrom(1e-3, 0.05, 0.3, 1.5, 4),
      radii: fc.array(fc.double({ min: 0.5, max: 1, noNaN: true }), { minLength: 100, maxLength: 300 }),
      holeRadii: fc.array(fc.double({ min: 0.5, max: 1, noNaN: true }), { minLength: 3, maxLength: 120 }),
      turn: fc.double({ min: 0, max: 6.3, noNaN: true }),
    })
    .map(({ cx, cy, scale, radii, holeRadii, turn }) => ({
      polygons: [{ type: 'Polygon' as const, coordinates: [star(cx, cy, radii.map((r) => r * scale), turn), star(cx, cy, holeRadii.map((r) => r * scale * 0.2), turn).reverse()] }],
    })),
  fc
    .record({
      col: fc.integer({ min: -100, max: 100 }),
      row: fc.integer({ min: -100, max: 100 }),
      heights: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 25, maxLength: 40 }),
      width: fc.integer({ min: 1, max: 2 }),
      gap: fc.integer({ min: 1, max: 2 }),
    })
    .map(({ col, row, heights, width, gap }) => ({ polygons: [{ type: 'Polygon' as const, coordinates: [comb(col * CELL, row * CELL, heights, width, gap)] }] })),
  // Across the antimeridian: one part on each side.
  fc
    .record({ cy: fc.double({ min: -60, max: 60, noNaN: true }), radii: fc.array(fc.double({ min: 0.5, max: 1, noNaN: true }), { minLength: 100, maxLength: 200 }) })
    .map(({ cy, radii }) => ({ polygons: [{ type: 'Polygon' as const, coordinates: [star(180, cy, radii.map((r) => r * 0.4), 0.3)] }] })),
  fc.record({ lat: fc.double({ min: -60, max: 60, noNaN: true }), lon: fc.double({ min: -180, max: 180, noNaN: true }), radiusKm: fc.double({ min: 0.5, max: 300, noNaN: true }) }).map((c) => ({ circles: [c] })),
);

describe('areaCells', () => {
  it('decides a cell only when every point in it is decided alike by pointInArea', () => {
    fc.assert(
      fc.property(manyVertexArea, fc.integer(), (input, seed) => {
        const area = normalizeArea(input, { circleSegments: 200 });
        const cells = areaCells(area, 1_000_000);
        expect(cells).not.toBeNull();
        expect(misclassified(area, cells!, probes(area, seeded(seed)))).toBeUndefined();
      }),
      { numRuns: Number(process.env.GRID_RUNS ?? 25), seed: 20261126 },
    );
  });

  it('finds cells wholly inside a large area and leaves most of its cells to the lookup', () => {
    const area = normalizeArea({ polygons: [{ type: 'Polygon', coordinates: [star(10, 50, Array.from({ length: 300 }, (_, k) => 1.5 + 0.3 * Math.sin(k)), 0)] }] });
    const cells = areaCells(area, 1_000_000)!;
    expect(cells.inside.length).toBeGreaterThan(2 * cells.edge.length);
    expect(misclassified(area, cells, probes(area, seeded(1)))).toBeUndefined();
  });

  it("treats a cell as an edge cell where a short edge's fuzzy band reaches into it", () => {
    // The line x - y = c passes 5e-5 from the cell corner at (0, 0), which lies in the edge's
    // bounding box: PostgreSQL counts the corner as on the 0.01° edge (5e-5 × 0.01 < 1e-6).
    const c = 5e-5 * Math.SQRT2;
    const outer: Position[] = [[-0.0035, -0.0035 - c], [0.0035, 0.0035 - c], [0.3, -0.3], [-0.0035, -0.0035 - c]];
    const area: NormalizedArea = { parts: [{ outer, holes: [] }] };
    const corner: Position = [-1e-9, 1e-9];
    expect(pointInArea(area, ...corner)).toBe(true);
    expect(misclassified(area, areaCells(area, 1_000_000)!, [corner])).toBeUndefined();
  });

  it('gives up on an area whose box holds more cells than allowed', () => {
    const area = normalizeArea({ circles: [{ lat: 0, lon: 0, radiusKm: 2000 }] });
    expect(areaCells(area, 10_000)).toBeNull();
  });

  it('classifies nothing for a point far from the area as inside', () => {
    const area = normalizeArea({ circles: [{ lat: 10, lon: 10, radiusKm: 50 }] });
    const cells = areaCells(area, 1_000_000)!;
    expect(cells.inside).not.toContain(cellOf(20, 20));
    expect(cells.edge).not.toContain(cellOf(20, 20));
    expect(cells.inside).toContain(cellOf(10, 10));
  });
});
