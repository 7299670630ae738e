import type { NormalizedArea, Position } from './area.types.js';
import { EdgeIndex } from './edge-index.js';

/** Where an area reaches outside another, and how it was found. */
export interface PointOutside {
  point: Position;
  /** A vertex of the inner area, a point on one of its edges, or a point inside it that the outer area leaves out (a hole, an enclave). */
  found: 'vertex' | 'edge' | 'enclosed';
}

export interface ContainmentOptions {
  /**
   * How far (degrees, planar) the inner area may reach past the outer one: areas from different
   * sources (districts and states, a county's hole and the city in it) disagree along shared
   * borders by tens to hundreds of metres. 0 = as PostgreSQL sees it, to its 1e-6 tolerance.
   */
  tolerance?: number;
}

/** Samples per edge piece lying outside the outer area but possibly within the tolerance. */
const MAX_SAMPLES_PER_PIECE = 1000;
/** How far from an outer edge a point is taken to look for a region the outer area leaves out. */
const PROBE_OFFSET = 1e-5;

/**
 * A point of `inner` that is not in `outer` (the union of its parts), or undefined when `inner`
 * lies within it. "Within" is what PostgreSQL's `point <@ polygon` sees: every subscriber
 * location the inner area selects, the outer area selects too. Three checks, each needed:
 * 1. every vertex of the inner area is in the outer one;
 * 2. every edge of the inner area, cut where it meets an outer edge, has each piece inside (a
 *    piece between two such meetings is wholly in or wholly out, so its midpoint decides);
 * 3. no region the outer area leaves out (a hole, an enclave, a gap between two of its parts)
 *    lies inside the inner area: beside every outer edge near the inner area, a point just off
 *    the edge is tested in both, by exact geometry.
 * The inner area's holes are ignored (it is treated as larger than it is), which can only refuse
 * more. Areas crossing the antimeridian are handled through their copies beyond ±180: the inner
 * area is examined in [-180, 180] only, where its copies show every part once.
 */
export function findPointOutside(inner: NormalizedArea, outer: NormalizedArea | EdgeIndex, options: ContainmentOptions = {}): PointOutside | undefined {
  const tolerance = Math.max(0, options.tolerance ?? 0);
  const region = outer instanceof EdgeIndex ? outer : new EdgeIndex(outer);
  const inside = ([lon, lat]: Position) => region.contains(lon, lat) || (tolerance > 0 && region.near(lon, lat, tolerance));
  const pieces = innerEdges(inner);
  for (const [a, b] of pieces) {
    for (const vertex of [a, b]) if (!inside(vertex)) return { point: vertex, found: 'vertex' };
  }
  for (const [a, b] of pieces) {
    const point = edgeOutside(a, b, region, tolerance, inside);
    if (point) return { point, found: 'edge' };
  }
  const point = enclosedOutside(inner, region, tolerance);
  return point ? { point, found: 'enclosed' } : undefined;
}

export function isWithin(inner: NormalizedArea, outer: NormalizedArea | EdgeIndex, options: ContainmentOptions = {}): boolean {
  return findPointOutside(inner, outer, options) === undefined;
}

/** The edges of the inner area's outer rings, clipped to longitudes [-180, 180]. */
function innerEdges(area: NormalizedArea): [Position, Position][] {
  const edges: [Position, Position][] = [];
  for (const part of area.parts) {
    const ring = part.outer;
    for (let i = 0; i + 1 < ring.length; i++) {
      const clipped = clipToWorld(ring[i]!, ring[i + 1]!);
      if (clipped) edges.push(clipped);
    }
  }
  return edges;
}

function clipToWorld(a: Position, b: Position): [Position, Position] | undefined {
  const dx = b[0] - a[0];
  let from = 0;
  let to = 1;
  for (const bound of [-180, 180]) {
    if (dx === 0) {
      if ((bound < 0 && a[0] < bound) || (bound > 0 && a[0] > bound)) return undefined;
      continue;
    }
    const t = (bound - a[0]) / dx;
    if ((bound < 0) === (dx > 0)) from = Math.max(from, t);
    else to = Math.min(to, t);
  }
  if (from > to) return undefined;
  const at = (t: number): Position => (t === 0 ? a : t === 1 ? b : [a[0] + t * dx, a[1] + t * (b[1] - a[1])]);
  return [at(from), at(to)];
}

/** Step 2: the edge from a to b, cut where it meets the outer area's edges; a piece outside, if any. */
function edgeOutside(a: Position, b: Position, region: EdgeIndex, tolerance: number, inside: (p: Position) => boolean): Position | undefined {
  const cuts = cutsAlong(a, b, region);
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [from, to] = [cuts[i]!, cuts[i + 1]!];
    if (to - from <= 1e-12) continue;
    const middle = along(a, b, (from + to) / 2);
    if (region.contains(middle[0], middle[1])) continue;
    if (tolerance === 0) return middle;
    // Outside, so it must stay within the tolerance all along: sample it at that spacing.
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]) * (to - from);
    const samples = Math.min(MAX_SAMPLES_PER_PIECE, Math.ceil(length / tolerance));
    for (let s = 0; s < samples; s++) {
      const point = along(a, b, from + ((to - from) * (s + 0.5)) / samples);
      if (!inside(point)) return point;
    }
  }
  return undefined;
}

/**
 * Where along a→b (0..1) it meets an outer edge: crossings, and where an outer vertex lies on it
 * or an outer edge runs along it. Cutting too often is harmless (a piece is tested, and any point
 * of the inner edge must be in the outer area anyway); cutting too rarely is not, so near cases
 * are cut.
 */
function cutsAlong(a: Position, b: Position, region: EdgeIndex): number[] {
  const cuts = [0, 1];
  const [rx, ry] = [b[0] - a[0], b[1] - a[1]];
  const lengthSquared = rx * rx + ry * ry;
  if (lengthSquared === 0) return cuts;
  const [minX, maxX] = [Math.min(a[0], b[0]) - 1e-6, Math.max(a[0], b[0]) + 1e-6];
  const addProjection = (px: number, py: number) => {
    const t = ((px - a[0]) * rx + (py - a[1]) * ry) / lengthSquared;
    const distance = Math.abs((px - a[0]) * ry - (py - a[1]) * rx) / Math.sqrt(lengthSquared);
    if (t > 0 && t < 1 && distance <= 1e-6) cuts.push(t);
  };
  region.forEachEdgeBetween(Math.min(a[1], b[1]) - 1e-6, Math.max(a[1], b[1]) + 1e-6, (k) => {
    const [cx, cy, dx, dy] = region.edge(k);
    if (Math.max(cx, dx) < minX || Math.min(cx, dx) > maxX) return;
    const [sx, sy] = [dx - cx, dy - cy];
    const denominator = rx * sy - ry * sx;
    if (denominator !== 0) {
      const t = ((cx - a[0]) * sy - (cy - a[1]) * sx) / denominator;
      const u = ((cx - a[0]) * ry - (cy - a[1]) * rx) / denominator;
      if (t > 0 && t < 1 && u >= -1e-9 && u <= 1 + 1e-9) cuts.push(t);
    }
    addProjection(cx, cy);
    addProjection(dx, dy);
  });
  return cuts.sort((x, y) => x - y);
}

function along(a: Position, b: Position, t: number): Position {
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

/**
 * Step 3: beside each outer edge near the inner area, a point a little off each side: if it is in
 * the inner area and not in the outer one (and beyond the tolerance from it), the outer area
 * leaves out something the inner one covers. Exact geometry here, because PostgreSQL's tolerance
 * across short edges would swallow the probe.
 */
function enclosedOutside(inner: NormalizedArea, region: EdgeIndex, tolerance: number): Position | undefined {
  if (inner.parts.length === 0) return undefined;
  const shape = new EdgeIndex({ parts: inner.parts.map((part) => ({ outer: part.outer, holes: [] })) });
  const box = boundsOf(inner);
  const offset = 2 * tolerance + PROBE_OFFSET;
  let found: Position | undefined;
  region.forEachEdgeBetween(box.minLat - offset, box.maxLat + offset, (k) => {
    const [ax, ay, bx, by] = region.edge(k);
    if (Math.max(ax, bx) < box.minLon - offset || Math.min(ax, bx) > box.maxLon + offset) return false;
    const length = Math.hypot(bx - ax, by - ay);
    if (length === 0) return false;
    const [mx, my] = [(ax + bx) / 2, (ay + by) / 2];
    const [nx, ny] = [(-(by - ay) / length) * offset, ((bx - ax) / length) * offset];
    for (const side of [1, -1]) {
      const probe: Position = [mx + side * nx, my + side * ny];
      if (Math.abs(probe[0]) > 180) continue;
      if (!shape.containsExact(probe[0], probe[1]) || region.containsExact(probe[0], probe[1])) continue;
      if (tolerance > 0 && region.near(probe[0], probe[1], tolerance)) continue;
      found = probe;
      return true;
    }
    return false;
  });
  return found;
}

function boundsOf(area: NormalizedArea): { minLon: number; minLat: number; maxLon: number; maxLat: number } {
  const box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const part of area.parts) {
    for (const [lon, lat] of part.outer) {
      box.minLon = Math.min(box.minLon, Math.max(lon, -180));
      box.maxLon = Math.max(box.maxLon, Math.min(lon, 180));
      box.minLat = Math.min(box.minLat, lat);
      box.maxLat = Math.max(box.maxLat, lat);
    }
  }
  return box;
}
