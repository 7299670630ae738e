import type { NormalizedArea } from './area.types.js';
import { ON_EDGE, PG_EPSILON, segmentCrossing } from './point-in-area.js';

/**
 * Every ring edge of an area, bucketed by latitude, so that point and segment questions about a
 * large area (a county of 200,000 vertices) look at the few edges near the point, not all of them.
 * An edge sits in every bucket its latitude range (widened by PostgreSQL's 1e-6 tolerance and one
 * bucket either side, against rounding) overlaps: an edge missing from a point's bucket is one
 * whose crossing count for that point is 0, so the answers equal those over every edge.
 */
export class EdgeIndex {
  /** Edge k runs from (ax, ay) to (bx, by) on ring `ring[k]`. */
  private readonly ax: Float64Array;
  private readonly ay: Float64Array;
  private readonly bx: Float64Array;
  private readonly by: Float64Array;
  private readonly ring: Int32Array;
  private readonly ringPart: Int32Array;
  private readonly ringIsHole: Uint8Array;
  private readonly bucketStart: Int32Array;
  private readonly bucketEdges: Int32Array;
  /** The first bucket holding each edge, so a range query reports each edge once without scratch state (queries may nest). */
  private readonly edgeFirstBucket: Int32Array;
  private readonly minY: number;
  private readonly bucketHeight: number;
  private readonly buckets: number;
  // Scratch space, reset per query by stamping instead of clearing.
  private readonly ringTotal: Float64Array;
  private readonly ringStamp: Int32Array;
  private readonly partOuterStamp: Int32Array;
  private readonly partHoleStamp: Int32Array;
  private stamp = 0;

  constructor(readonly area: NormalizedArea) {
    const rings = area.parts.flatMap((part, p) => [{ ring: part.outer, part: p, hole: false }, ...part.holes.map((ring) => ({ ring, part: p, hole: true }))]);
    const count = rings.reduce((sum, { ring }) => sum + Math.max(ring.length - 1, 0), 0);
    this.ax = new Float64Array(count);
    this.ay = new Float64Array(count);
    this.bx = new Float64Array(count);
    this.by = new Float64Array(count);
    this.ring = new Int32Array(count);
    this.ringPart = Int32Array.from(rings.map((r) => r.part));
    this.ringIsHole = Uint8Array.from(rings.map((r) => (r.hole ? 1 : 0)));
    let k = 0;
    let minY = Infinity;
    let maxY = -Infinity;
    rings.forEach(({ ring }, r) => {
      for (let i = 0; i + 1 < ring.length; i++, k++) {
        [this.ax[k], this.ay[k]] = ring[i]!;
        [this.bx[k], this.by[k]] = ring[i + 1]!;
        this.ring[k] = r;
        minY = Math.min(minY, ring[i]![1]);
        maxY = Math.max(maxY, ring[i]![1]);
      }
    });
    this.minY = count > 0 ? minY - PG_EPSILON : 0;
    this.buckets = Math.max(1, Math.min(1 << 16, Math.ceil(count / 4)));
    this.bucketHeight = count > 0 ? Math.max((maxY + PG_EPSILON - this.minY) / this.buckets, 1e-12) : 1;
    this.edgeFirstBucket = new Int32Array(count);
    [this.bucketStart, this.bucketEdges] = this.fillBuckets(count);
    this.ringTotal = new Float64Array(rings.length);
    this.ringStamp = new Int32Array(rings.length);
    this.partOuterStamp = new Int32Array(area.parts.length);
    this.partHoleStamp = new Int32Array(area.parts.length);
  }

  get edgeCount(): number {
    return this.ax.length;
  }

  /** Exactly `pointInArea(area, lon, lat)`: PostgreSQL's `point <@ polygon`, holes subtracted. */
  contains(lon: number, lat: number): boolean {
    const stamp = this.nextStamp();
    const touched: number[] = [];
    for (const k of this.bucketOf(lat)) {
      const crossing = segmentCrossing(this.bx[k]! - lon, this.by[k]! - lat, this.ax[k]! - lon, this.ay[k]! - lat);
      if (crossing === 0) continue;
      const r = this.ring[k]!;
      if (this.ringStamp[r] !== stamp) {
        this.ringStamp[r] = stamp;
        this.ringTotal[r] = 0;
        touched.push(r);
      }
      this.ringTotal[r] = crossing === ON_EDGE ? ON_EDGE : this.ringTotal[r]! + crossing;
    }
    return this.partsHit(touched, stamp, (r) => this.ringTotal[r] !== 0);
  }

  /**
   * Plain even-odd ray casting without any tolerance: the true geometry, for questions where
   * PostgreSQL's fuzzy edges (which reach 1e-6 / edge length across short edges) would hide a
   * region. A point exactly on an edge may fall either way.
   */
  containsExact(lon: number, lat: number): boolean {
    const stamp = this.nextStamp();
    const touched: number[] = [];
    for (const k of this.bucketOf(lat)) {
      const [ax, ay, bx, by] = [this.ax[k]!, this.ay[k]!, this.bx[k]!, this.by[k]!];
      if (ay > lat === by > lat) continue;
      if (lon >= ax + ((lat - ay) * (bx - ax)) / (by - ay)) continue;
      const r = this.ring[k]!;
      if (this.ringStamp[r] !== stamp) {
        this.ringStamp[r] = stamp;
        this.ringTotal[r] = 0;
        touched.push(r);
      }
      this.ringTotal[r] = 1 - this.ringTotal[r]!;
    }
    return this.partsHit(touched, stamp, (r) => this.ringTotal[r] === 1);
  }

  /** Whether some edge passes within `distance` (degrees, planar) of the point. */
  near(lon: number, lat: number, distance: number): boolean {
    let found = false;
    this.forEachEdgeBetween(lat - distance, lat + distance, (k) => {
      found = segmentDistance(lon, lat, this.ax[k]!, this.ay[k]!, this.bx[k]!, this.by[k]!) <= distance;
      return found;
    });
    return found;
  }

  /** Calls `visit` once for each edge whose latitude range meets [fromLat, toLat], until it returns true. */
  forEachEdgeBetween(fromLat: number, toLat: number, visit: (edge: number) => boolean | void): void {
    const [first, last] = [this.bucketIndex(fromLat), this.bucketIndex(toLat)];
    for (let b = first; b <= last; b++) {
      for (let i = this.bucketStart[b]!; i < this.bucketStart[b + 1]!; i++) {
        const k = this.bucketEdges[i]!;
        if (b !== Math.max(first, this.edgeFirstBucket[k]!)) continue;
        if (visit(k) === true) return;
      }
    }
  }

  edge(k: number): [number, number, number, number] {
    return [this.ax[k]!, this.ay[k]!, this.bx[k]!, this.by[k]!];
  }

  private partsHit(touched: readonly number[], stamp: number, inside: (ring: number) => boolean): boolean {
    for (const r of touched) {
      if (!inside(r)) continue;
      const part = this.ringPart[r]!;
      if (this.ringIsHole[r]) this.partHoleStamp[part] = stamp;
      else this.partOuterStamp[part] = stamp;
    }
    return touched.some((r) => {
      const part = this.ringPart[r]!;
      return this.partOuterStamp[part] === stamp && this.partHoleStamp[part] !== stamp;
    });
  }

  private *bucketOf(lat: number): Generator<number> {
    const b = this.bucketIndex(lat);
    for (let i = this.bucketStart[b]!; i < this.bucketStart[b + 1]!; i++) yield this.bucketEdges[i]!;
  }

  private bucketIndex(lat: number): number {
    const b = Math.floor((lat - this.minY) / this.bucketHeight);
    return Math.min(this.buckets - 1, Math.max(0, Number.isFinite(b) ? b : 0));
  }

  /** Counting sort of edges into buckets: `start[b]..start[b+1]` indexes bucket b's edges. */
  private fillBuckets(count: number): [Int32Array, Int32Array] {
    const span = (k: number): [number, number] => [
      Math.max(0, this.bucketIndex(Math.min(this.ay[k]!, this.by[k]!) - PG_EPSILON) - 1),
      Math.min(this.buckets - 1, this.bucketIndex(Math.max(this.ay[k]!, this.by[k]!) + PG_EPSILON) + 1),
    ];
    const start = new Int32Array(this.buckets + 1);
    for (let k = 0; k < count; k++) {
      const [first, last] = span(k);
      for (let b = first; b <= last; b++) start[b + 1]! += 1;
    }
    for (let b = 0; b < this.buckets; b++) start[b + 1]! += start[b]!;
    const fill = start.slice(0, this.buckets);
    const edges = new Int32Array(start[this.buckets]!);
    for (let k = 0; k < count; k++) {
      const [first, last] = span(k);
      this.edgeFirstBucket[k] = first;
      for (let b = first; b <= last; b++) edges[fill[b]!++] = k;
    }
    return [start, edges];
  }

  private nextStamp(): number {
    this.stamp += 1;
    return this.stamp;
  }
}

/** Planar distance from (px, py) to the segment from (ax, ay) to (bx, by). */
export function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t = lengthSquared === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / lengthSquared));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
