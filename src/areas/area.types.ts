/** A GeoJSON Polygon: rings of [lon, lat] positions, the first ring outer, the others holes. */
export interface GeoJsonPolygon {
  type: 'Polygon';
  coordinates: number[][][];
}

export interface GeoJsonMultiPolygon {
  type: 'MultiPolygon';
  coordinates: number[][][][];
}

export interface AreaCircle {
  lat: number;
  lon: number;
  radiusKm: number;
}

/** The area of an alert as the public API takes it: the union of every polygon and circle. */
export interface AreaInput {
  polygons?: (GeoJsonPolygon | GeoJsonMultiPolygon)[];
  circles?: AreaCircle[];
}

/** [lon, lat]. */
export type Position = [number, number];

/** A closed ring: the first position is repeated at the end. */
export type Ring = Position[];

export interface AreaPart {
  outer: Ring;
  holes: Ring[];
}

/**
 * A validated area in plain lon/lat, ready for SQL and the reference check. A part that crosses
 * the antimeridian appears twice, once on each side (see `splitAtAntimeridian`), so its rings may
 * reach past ±180; no stored point does, so only the side's own copy can match.
 */
export interface NormalizedArea {
  parts: AreaPart[];
}

export interface NormalizeOptions {
  /** Total vertices over every ring and generated circle; default 10,000. */
  maxVertices?: number;
  /** Vertices of the polygon a circle becomes; default 64. */
  circleSegments?: number;
}
