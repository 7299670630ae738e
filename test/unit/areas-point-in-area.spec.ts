import { describe, expect, it } from 'vitest';
import type { NormalizedArea, Position } from '../../src/areas/area.types.js';
import { pointInArea, pointInRing } from '../../src/areas/point-in-area.js';

const square: Position[] = [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]];
const hole: Position[] = [[2, 2], [2, 4], [4, 4], [4, 2], [2, 2]];
/** A U open to the north: the notch between x = 3 and x = 7 above y = 3 is outside. */
const u: Position[] = [[20, 0], [30, 0], [30, 10], [27, 10], [27, 3], [23, 3], [23, 10], [20, 10], [20, 0]];
const area: NormalizedArea = { parts: [{ outer: square, holes: [hole] }, { outer: u, holes: [] }] };

describe('pointInArea', () => {
  const cases: { name: string; at: Position; inside: boolean }[] = [
    { name: 'inside the square', at: [8, 8], inside: true },
    { name: 'outside everything', at: [15, 5], inside: false },
    { name: 'on the bottom edge', at: [5, 0], inside: true },
    { name: 'on the right edge', at: [10, 7.25], inside: true },
    { name: 'on a corner', at: [10, 10], inside: true },
    { name: 'on the first vertex', at: [0, 0], inside: true },
    { name: 'in the hole', at: [3, 3], inside: false },
    { name: 'on the hole edge', at: [2, 3], inside: false },
    { name: 'on a hole corner', at: [4, 4], inside: false },
    { name: 'just outside the hole', at: [4.01, 3], inside: true },
    { name: 'in the second part', at: [21, 9], inside: true },
    { name: 'in the U notch', at: [25, 8], inside: false },
    { name: 'on the bottom of the U notch', at: [25, 3], inside: true },
    { name: 'on the notch wall', at: [27, 6], inside: true },
    { name: 'left of the U, level with its notch floor', at: [19, 3], inside: false },
    { name: 'on the ray through two U vertices', at: [15, 10], inside: false },
    { name: '0.5e-6 below a horizontal edge', at: [5, -0.5e-6], inside: true },
    { name: '2e-6 below a horizontal edge', at: [5, -2e-6], inside: false },
    { name: '0.9e-6 off a corner on both axes', at: [-0.9e-6, -0.9e-6], inside: true },
    { name: '1.2e-6 off a corner on one axis', at: [-1.2e-6, -0.2e-6], inside: false },
    { name: '0.5e-6 into the hole across its edge', at: [2 + 0.5e-6, 3], inside: false },
    { name: '2e-6 outside the hole edge', at: [2 - 2e-6, 3], inside: true },
  ];

  it.each(cases)('$name: $inside', ({ at, inside }) => {
    expect(pointInArea(area, at[0], at[1])).toBe(inside);
  });
});

describe("PostgreSQL's boundary rule, which is not a distance", () => {
  it('counts a point 0.5e-6 outside a 10° vertical edge as outside', () => {
    expect(pointInRing(square, 10 + 0.5e-6, 5)).toBe(false);
  });

  it('counts a point 0.9e-6 outside a 0.5° vertical edge as inside', () => {
    expect(pointInRing([[0, 0], [10, 0], [10, 0.5], [0, 0.5], [0, 0]], 10 + 0.9e-6, 0.25)).toBe(true);
  });

  it('counts a point 0.5e-6 outside a long sloped edge as outside', () => {
    expect(pointInRing([[0, 0], [10, 0], [0, 10], [0, 0]], 5 + 0.35e-6, 5 + 0.35e-6)).toBe(false);
  });

  it("counts a point far outside a tiny triangle, but within its edge's box, as inside", () => {
    const tiny: Position[] = [[0, 0], [1e-4, 0], [0, 1e-4], [0, 0]];
    expect(pointInRing(tiny, 0.8e-4, 0.8e-4)).toBe(true);
    expect(pointInRing(tiny, 1.1e-4, 1.1e-4)).toBe(false);
  });

  it('is the same for either orientation of the ring', () => {
    const reversed = [...square].reverse();
    for (const [x, y] of [[5, 5], [5, 0], [10 + 0.5e-6, 5], [11, 5], [0, 0]] as Position[]) {
      expect(pointInRing(reversed, x, y)).toBe(pointInRing(square, x, y));
    }
  });
});
