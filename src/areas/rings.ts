import type { Position } from './area.types.js';
import { AreaError } from './areas.errors.js';
import { findSelfIntersection } from './self-intersection.js';

/**
 * A ring checked and made continuous across the antimeridian: `vertices` are distinct, open (the
 * closing repeat removed) and unwrapped (longitudes may run past ±180), `shifts[k]` is what was
 * added to the given longitude of vertex k, and `sources[k]` its index in the input.
 */
export interface PreparedRing {
  vertices: Position[];
  given: Position[];
  shifts: number[];
  sources: number[];
}

/** Counts vertices over the whole area, so an oversized body is refused before it is parsed. */
export class VertexBudget {
  private used = 0;

  constructor(private readonly limit: number) {}

  take(count: number, path: string): void {
    this.used += count;
    if (this.used > this.limit) {
      throw new AreaError(
        'area.too_many_vertices',
        `The area has more than ${this.limit} vertices in total (counted up to ${path}).`,
        { path, limit: this.limit, vertices: this.used },
      );
    }
  }
}

/** A GeoJSON linear ring: at least 4 positions, the last equal to the first. */
export function readRing(value: unknown, path: string, budget: VertexBudget): Position[] {
  if (!Array.isArray(value)) {
    throw new AreaError('area.invalid_geometry', `${path} must be an array of [lon, lat] positions.`, { path });
  }
  budget.take(Math.max(value.length - 1, 0), path);
  const positions = value.map((item, k) => readPosition(item, `${path}[${k}]`));
  if (positions.length < 4) {
    throw new AreaError('area.ring_too_short', `${path} has ${positions.length} positions; a ring needs at least 4.`, {
      path,
      positions: positions.length,
    });
  }
  const first = positions[0]!;
  const last = positions[positions.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) {
    throw new AreaError('area.ring_not_closed', `${path} must end with its first position.`, { path, first, last });
  }
  return positions;
}

function readPosition(value: unknown, path: string): Position {
  const isNumbers =
    Array.isArray(value) &&
    (value.length === 2 || value.length === 3) &&
    value.every((n) => typeof n === 'number' && Number.isFinite(n));
  if (!isNumbers) {
    throw new AreaError('area.invalid_geometry', `${path} must be a [lon, lat] pair of numbers.`, { path });
  }
  const [lon, lat] = value as number[];
  if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90) {
    throw new AreaError(
      'area.coordinates_out_of_range',
      `${path} is [${lon}, ${lat}]; longitude must be within [-180, 180] and latitude within [-90, 90].`,
      { path, position: [lon, lat] },
    );
  }
  return [lon!, lat!];
}

/**
 * Unwraps the antimeridian (a jump of more than 180° between consecutive longitudes is a crossing),
 * drops repeated vertices and refuses a ring that crosses itself.
 */
export function prepareRing(positions: readonly Position[], path: string): PreparedRing {
  const { unwrapped, shifts } = unwrap(positions, path);
  const ring = dropRepeats(unwrapped, positions, shifts);
  if (ring.vertices.length < 3) {
    throw new AreaError('area.ring_too_short', `${path} has fewer than 3 distinct vertices.`, {
      path,
      distinctVertices: ring.vertices.length,
    });
  }
  const crossing = findSelfIntersection(ring.vertices);
  if (crossing) {
    const segments = [ring.sources[crossing.first]!, ring.sources[crossing.second]!];
    const point: Position = [wrapLongitude(crossing.point[0]), crossing.point[1]];
    throw new AreaError(
      'area.self_intersection',
      `${path} crosses itself: the edges starting at positions ${segments[0]} and ${segments[1]} meet ` +
        `at [${point[0]}, ${point[1]}].`,
      { path, segments, point },
    );
  }
  return ring;
}

function unwrap(positions: readonly Position[], path: string): { unwrapped: Position[]; shifts: number[] } {
  let shift = 0;
  const shifts = positions.map((p, k) => {
    const jump = k === 0 ? 0 : p[0] - positions[k - 1]![0];
    if (jump > 180) shift -= 360;
    if (jump < -180) shift += 360;
    return shift;
  });
  if (shift !== 0) {
    throw new AreaError(
      'area.invalid_geometry',
      `${path} goes round a pole (its antimeridian crossings do not cancel out); split it into rings that do not.`,
      { path },
    );
  }
  const unwrapped = positions.map((p, k): Position => [p[0] + shifts[k]!, p[1]]);
  return { unwrapped, shifts };
}

function dropRepeats(unwrapped: readonly Position[], given: readonly Position[], shifts: number[]): PreparedRing {
  const ring: PreparedRing = { vertices: [], given: [], shifts: [], sources: [] };
  const same = (a: Position | undefined, b: Position) => a !== undefined && a[0] === b[0] && a[1] === b[1];
  for (let k = 0; k < unwrapped.length - 1; k++) {
    if (same(ring.vertices[ring.vertices.length - 1], unwrapped[k]!)) continue;
    ring.vertices.push(unwrapped[k]!);
    ring.given.push(given[k]!);
    ring.shifts.push(shifts[k]!);
    ring.sources.push(k);
  }
  while (ring.vertices.length > 1 && same(ring.vertices[ring.vertices.length - 1], ring.vertices[0]!)) {
    ring.vertices.pop();
    ring.given.pop();
    ring.shifts.pop();
    ring.sources.pop();
  }
  return ring;
}

export function wrapLongitude(lon: number): number {
  if (lon >= -180 && lon <= 180) return lon;
  return ((((lon + 180) % 360) + 360) % 360) - 180;
}
