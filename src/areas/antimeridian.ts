import type { AreaPart, Position, Ring } from './area.types.js';
import { AreaError } from './areas.errors.js';
import type { PreparedRing } from './rings.js';

/**
 * Turns one polygon, unwrapped so it is continuous across the antimeridian, into parts in plain
 * lon/lat. A polygon that stays within [-180, 180] is one part. One that runs past 180 (or -180)
 * becomes two: itself, covering its own side, and a copy moved by 360°, covering the other side.
 * Each copy also reaches past ±180, where no stored point lies, so together they select exactly
 * what clipping at the antimeridian would, without a clipping step and its degenerate cases
 * (vertices on the line, U-shapes crossing it several times, holes cut in two).
 */
export function splitAtAntimeridian(outer: PreparedRing, holes: PreparedRing[], path: string): AreaPart[] {
  const { min, max } = longitudeRange(outer.vertices);
  if (max - min >= 360) {
    throw new AreaError('area.invalid_geometry', `${path} spans 360° of longitude or more.`, { path });
  }
  const aligned = holes.map((hole) => alignTo(hole, (min + max) / 2));
  const offsets = [0, ...(max > 180 ? [-360] : []), ...(min < -180 ? [360] : [])];
  return offsets.map((offset) => ({
    outer: placed(outer, offset),
    holes: aligned.map((hole) => placed(hole, offset)),
  }));
}

/** Moves a hole by whole turns so it sits next to its outer ring's middle. */
function alignTo(hole: PreparedRing, centre: number): PreparedRing {
  const { min, max } = longitudeRange(hole.vertices);
  const turns = Math.round((centre - (min + max) / 2) / 360);
  if (turns === 0) return hole;
  return { ...hole, shifts: hole.shifts.map((shift) => shift + turns * 360) };
}

/** Adds whole turns to the given longitudes, so a vertex on its own side keeps its exact value. */
function placed(ring: PreparedRing, offset: number): Ring {
  const positions = ring.given.map((p, k): Position => [p[0] + (ring.shifts[k]! + offset), p[1]]);
  return [...positions, [positions[0]![0], positions[0]![1]]];
}

function longitudeRange(vertices: readonly Position[]): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const [lon] of vertices) {
    min = Math.min(min, lon);
    max = Math.max(max, lon);
  }
  return { min, max };
}
