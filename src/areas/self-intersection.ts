import type { Position } from './area.types.js';

/** Two segments of one ring that meet where they must not, and a point where they do. */
export interface RingCrossing {
  first: number;
  second: number;
  point: Position;
}

interface Segment {
  index: number;
  a: Position;
  b: Position;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/**
 * Finds a place where a ring (open: its last vertex joins its first) meets itself. Non-adjacent
 * segments may not share any point; adjacent ones may share only their common vertex, so a spike
 * folding back along its own edge is a fault too. Segments are swept in order of their left end,
 * so only pairs whose x-ranges overlap are compared.
 */
export function findSelfIntersection(vertices: readonly Position[]): RingCrossing | undefined {
  const segments = toSegments(vertices);
  const byLeftEnd = [...segments].sort((s, t) => s.minX - t.minX);
  for (let i = 0; i < byLeftEnd.length; i++) {
    const s = byLeftEnd[i]!;
    for (let j = i + 1; j < byLeftEnd.length && byLeftEnd[j]!.minX <= s.maxX; j++) {
      const t = byLeftEnd[j]!;
      if (t.minY > s.maxY || t.maxY < s.minY) continue;
      const point = meeting(s, t, vertices.length);
      if (point) return { first: Math.min(s.index, t.index), second: Math.max(s.index, t.index), point };
    }
  }
  return undefined;
}

function toSegments(vertices: readonly Position[]): Segment[] {
  return vertices.map((a, index) => {
    const b = vertices[(index + 1) % vertices.length]!;
    return {
      index,
      a,
      b,
      minX: Math.min(a[0], b[0]),
      maxX: Math.max(a[0], b[0]),
      minY: Math.min(a[1], b[1]),
      maxY: Math.max(a[1], b[1]),
    };
  });
}

function meeting(s: Segment, t: Segment, count: number): Position | undefined {
  if ((s.index + 1) % count === t.index) return foldBack(s.a, s.b, t.b);
  if ((t.index + 1) % count === s.index) return foldBack(t.a, t.b, s.b);
  return segmentsMeet(s.a, s.b, t.a, t.b);
}

/** Adjacent segments p→shared→q overlap only when q lies back along the first one's direction. */
function foldBack(p: Position, shared: Position, q: Position): Position | undefined {
  const ux = p[0] - shared[0];
  const uy = p[1] - shared[1];
  const vx = q[0] - shared[0];
  const vy = q[1] - shared[1];
  if (ux * vy - uy * vx !== 0 || ux * vx + uy * vy <= 0) return undefined;
  return ux * ux + uy * uy <= vx * vx + vy * vy ? p : q;
}

function orient(a: Position, b: Position, c: Position): number {
  return Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
}

function within(a: Position, b: Position, p: Position): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] &&
    p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] &&
    p[1] <= Math.max(a[1], b[1])
  );
}

/** Any shared point of segments ab and cd, touching and collinear overlap included. */
export function segmentsMeet(a: Position, b: Position, c: Position, d: Position): Position | undefined {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 * o2 < 0 && o3 * o4 < 0) return crossingPoint(a, b, c, d);
  if (o1 === 0 && within(a, b, c)) return c;
  if (o2 === 0 && within(a, b, d)) return d;
  if (o3 === 0 && within(c, d, a)) return a;
  if (o4 === 0 && within(c, d, b)) return b;
  return undefined;
}

function crossingPoint(a: Position, b: Position, c: Position, d: Position): Position {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const t = ((c[0] - a[0]) * sy - (c[1] - a[1]) * sx) / (rx * sy - ry * sx);
  return [a[0] + t * rx, a[1] + t * ry];
}
