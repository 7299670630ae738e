import type { Position } from './area.types.js';

/** Two segments of one ring that meet where they must not, and a point where they do. */
export interface RingCrossing {
  first: number;
  second: number;
  point: Position;
}

/**
 * Finds a place where a ring (open: its last vertex joins its first) meets itself. Non-adjacent
 * segments may not share any point; adjacent ones may share only their common vertex, so a spike
 * folding back along its own edge is a fault too. Segments are swept in order of their left end;
 * only pairs whose bounding boxes overlap, and whose second segment is not wholly on one side of
 * the first one's line, get the full test. The loop reads typed arrays because a hostile ring
 * (10,000 long edges stacked side by side) makes it run some 50 million times.
 */
export function findSelfIntersection(vertices: readonly Position[]): RingCrossing | undefined {
  const { index, ax, ay, bx, by, minX, maxX, minY, maxY } = sweepOrder(vertices);
  const count = vertices.length;
  for (let i = 0; i < count; i++) {
    const [x0, y0, dx, dy] = [ax[i]!, ay[i]!, bx[i]! - ax[i]!, by[i]! - ay[i]!];
    const [right, bottom, top] = [maxX[i]!, minY[i]!, maxY[i]!];
    for (let j = i + 1; j < count && minX[j]! <= right; j++) {
      if (minY[j]! > top || maxY[j]! < bottom) continue;
      const o1 = dx * (ay[j]! - y0) - dy * (ax[j]! - x0);
      const o2 = dx * (by[j]! - y0) - dy * (bx[j]! - x0);
      if ((o1 > 0 && o2 > 0) || (o1 < 0 && o2 < 0)) continue;
      const point = meeting(vertices, index[i]!, index[j]!);
      if (point) return { first: Math.min(index[i]!, index[j]!), second: Math.max(index[i]!, index[j]!), point };
    }
  }
  return undefined;
}

function next(vertices: readonly Position[], index: number): Position {
  return vertices[(index + 1) % vertices.length]!;
}

/** Segment k runs from vertex k to the next; the columns list the segments by their left end. */
interface SweepColumns {
  index: Int32Array;
  ax: Float64Array;
  ay: Float64Array;
  bx: Float64Array;
  by: Float64Array;
  minX: Float64Array;
  maxX: Float64Array;
  minY: Float64Array;
  maxY: Float64Array;
}

function sweepOrder(vertices: readonly Position[]): SweepColumns {
  const count = vertices.length;
  const left = vertices.map((a, k) => Math.min(a[0], next(vertices, k)[0]));
  const order = Array.from({ length: count }, (_, k) => k).sort((p, q) => left[p]! - left[q]!);
  const column = () => new Float64Array(count);
  const s: SweepColumns = {
    index: Int32Array.from(order),
    ax: column(),
    ay: column(),
    bx: column(),
    by: column(),
    minX: column(),
    maxX: column(),
    minY: column(),
    maxY: column(),
  };
  order.forEach((index, k) => {
    const [a, b] = [vertices[index]!, next(vertices, index)];
    [s.ax[k], s.ay[k], s.bx[k], s.by[k]] = [a[0], a[1], b[0], b[1]];
    [s.minX[k], s.maxX[k]] = [Math.min(a[0], b[0]), Math.max(a[0], b[0])];
    [s.minY[k], s.maxY[k]] = [Math.min(a[1], b[1]), Math.max(a[1], b[1])];
  });
  return s;
}

function meeting(vertices: readonly Position[], s: number, t: number): Position | undefined {
  const count = vertices.length;
  if ((s + 1) % count === t) return foldBack(vertices[s]!, vertices[t]!, next(vertices, t));
  if ((t + 1) % count === s) return foldBack(vertices[t]!, vertices[s]!, next(vertices, s));
  return segmentsMeet(vertices[s]!, next(vertices, s), vertices[t]!, next(vertices, t));
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
