import type { NormalizedArea, Ring } from './area.types.js';

/**
 * PostgreSQL's tolerance for its geometric types (geo_decls.h). Comparisons below are its fuzzy
 * FPzero/FPlt/FPle/FPgt/FPge, so this file answers exactly as `point <@ polygon` does.
 */
export const PG_EPSILON = 1.0e-6;

const isZero = (a: number) => Math.abs(a) <= PG_EPSILON;
const lessThan = (a: number, b: number) => a + PG_EPSILON < b;
const atMost = (a: number, b: number) => a <= b + PG_EPSILON;
const greaterThan = (a: number, b: number) => a > b + PG_EPSILON;
const atLeast = (a: number, b: number) => a + PG_EPSILON >= b;

/** What `segmentCrossing` answers for a point on the segment. */
export const ON_EDGE = Number.POSITIVE_INFINITY;

/**
 * The brute-force reference for the SQL predicate: a point is in the area when it is in some
 * part's outer ring and in none of that part's holes, "in" meaning what PostgreSQL means, so a
 * point on an outer edge is in the area and a point on a hole's edge is not.
 */
export function pointInArea(area: NormalizedArea, lon: number, lat: number): boolean {
  return area.parts.some(
    (part) => pointInRing(part.outer, lon, lat) && !part.holes.some((hole) => pointInRing(hole, lon, lat)),
  );
}

/**
 * PostgreSQL's point_inside() (geo_ops.c), step for step and in the same floating-point order: a
 * winding count of crossings of the ray towards +x, where `lseg_crossing` reports a point on the
 * boundary. "On the boundary" is fuzzy: within 1e-6 of a vertex in both x and y, within 1e-6 in y
 * of a horizontal edge, and otherwise where the edge's cross product with the point is at most
 * 1e-6: a distance of 1e-6 divided by the edge's length, only within the edge's bounding box.
 * It is not "within 1e-6 of an edge", which is why this is a port and not ray casting plus a
 * distance check: the two disagree near long sloped edges and around short ones.
 */
export function pointInRing(ring: Ring, lon: number, lat: number): boolean {
  const count = ring.length - 1;
  const x0 = ring[0]![0] - lon;
  const y0 = ring[0]![1] - lat;
  let prevX = x0;
  let prevY = y0;
  let total = 0;
  for (let i = 1; i < count; i++) {
    const x = ring[i]![0] - lon;
    const y = ring[i]![1] - lat;
    const cross = segmentCrossing(x, y, prevX, prevY);
    if (cross === ON_EDGE) return true;
    total += cross;
    prevX = x;
    prevY = y;
  }
  const closing = segmentCrossing(x0, y0, prevX, prevY);
  return closing === ON_EDGE || total + closing !== 0;
}

/**
 * lseg_crossing(): ±2 when the segment crosses the positive x-axis, ±1 when one end lies on it,
 * 0 when it does not cross, ON_EDGE when the segment passes through the origin.
 */
export function segmentCrossing(x: number, y: number, prevX: number, prevY: number): number {
  if (isZero(y)) {
    if (isZero(x)) return ON_EDGE;
    if (greaterThan(x, 0)) {
      if (isZero(prevY)) return greaterThan(prevX, 0) ? 0 : ON_EDGE;
      return lessThan(prevY, 0) ? 1 : -1;
    }
    if (isZero(prevY)) return lessThan(prevX, 0) ? 0 : ON_EDGE;
    return 0;
  }
  const ySign = greaterThan(y, 0) ? 1 : -1;
  if (isZero(prevY)) return lessThan(prevX, 0) ? 0 : ySign;
  if ((ySign < 0 && lessThan(prevY, 0)) || (ySign > 0 && greaterThan(prevY, 0))) return 0;
  if (atLeast(x, 0) && greaterThan(prevX, 0)) return 2 * ySign;
  if (lessThan(x, 0) && atMost(prevX, 0)) return 0;
  const z = (x - prevX) * y - (y - prevY) * x;
  if (isZero(z)) return ON_EDGE;
  if ((ySign < 0 && lessThan(z, 0)) || (ySign > 0 && greaterThan(z, 0))) return 0;
  return 2 * ySign;
}
