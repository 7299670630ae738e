import type { AreaPart, NormalizedArea, NormalizeOptions } from './area.types.js';
import { AreaError } from './areas.errors.js';
import { splitAtAntimeridian } from './antimeridian.js';
import { circleContainsPole, circleToPolygon } from './circle.js';
import { prepareRing, readRing, VertexBudget } from './rings.js';

export const DEFAULT_MAX_VERTICES = 10_000;
export const DEFAULT_CIRCLE_SEGMENTS = 64;
export const MAX_CIRCLE_RADIUS_KM = 2000;

/**
 * Checks an alert's area as it arrives (any JSON value) and turns it into parts in plain lon/lat.
 * Throws an AreaError whose `details.path` points into the area, e.g. `polygons[0].coordinates[1]`.
 */
export function normalizeArea(input: unknown, options: NormalizeOptions = {}): NormalizedArea {
  const segments = options.circleSegments ?? DEFAULT_CIRCLE_SEGMENTS;
  const budget = new VertexBudget(options.maxVertices ?? DEFAULT_MAX_VERTICES);
  if (!isRecord(input)) {
    throw new AreaError('area.invalid_geometry', 'The area must be an object with polygons and/or circles.', {
      path: '',
    });
  }
  const polygons = optionalList(input.polygons, 'polygons');
  const circles = optionalList(input.circles, 'circles');
  if (polygons.length === 0 && circles.length === 0) {
    throw new AreaError('area.empty', 'The area needs at least one polygon or circle.', { path: '' });
  }
  const parts: AreaPart[] = [];
  polygons.forEach((geometry, i) => parts.push(...geometryParts(geometry, `polygons[${i}]`, budget)));
  circles.forEach((circle, i) => parts.push(...circleParts(circle, `circles[${i}]`, budget, segments)));
  return { parts };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalList(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new AreaError('area.invalid_geometry', `${path} must be an array.`, { path });
  return value;
}

function geometryParts(geometry: unknown, path: string, budget: VertexBudget): AreaPart[] {
  if (!isRecord(geometry)) {
    throw new AreaError('area.invalid_geometry', `${path} must be a GeoJSON Polygon or MultiPolygon.`, { path });
  }
  const coordinates = geometry.coordinates;
  const coordinatesPath = `${path}.coordinates`;
  if (!Array.isArray(coordinates)) {
    throw new AreaError('area.invalid_geometry', `${coordinatesPath} must be an array.`, { path: coordinatesPath });
  }
  switch (geometry.type) {
    case 'Polygon':
      return polygonParts(coordinates, coordinatesPath, budget);
    case 'MultiPolygon':
      return coordinates.flatMap((polygon, k) => polygonParts(polygon, `${coordinatesPath}[${k}]`, budget));
    default:
      throw new AreaError('area.invalid_geometry', `${path}.type must be "Polygon" or "MultiPolygon".`, {
        path: `${path}.type`,
      });
  }
}

/** One GeoJSON polygon: its first ring is the outer boundary, any further rings are holes. */
function polygonParts(rings: unknown, path: string, budget: VertexBudget): AreaPart[] {
  if (!Array.isArray(rings) || rings.length === 0) {
    throw new AreaError('area.invalid_geometry', `${path} must be a non-empty array of rings.`, { path });
  }
  const prepared = rings.map((ring, k) => {
    const ringPath = `${path}[${k}]`;
    return prepareRing(readRing(ring, ringPath, budget), ringPath);
  });
  const [outer, ...holes] = prepared;
  return splitAtAntimeridian(outer!, holes, path);
}

function circleParts(circle: unknown, path: string, budget: VertexBudget, segments: number): AreaPart[] {
  const { lat, lon, radiusKm } = readCircle(circle, path);
  budget.take(segments, path);
  const ring = circleToPolygon(lat, lon, radiusKm, segments);
  try {
    return splitAtAntimeridian(prepareRing(ring, path), [], path);
  } catch (error) {
    if (!(error instanceof AreaError)) throw error;
    throw new AreaError('area.invalid_circle', `${path} is too small to draw with ${segments} vertices.`, {
      path,
      radiusKm,
    });
  }
}

function readCircle(value: unknown, path: string): { lat: number; lon: number; radiusKm: number } {
  if (!isRecord(value)) {
    throw new AreaError('area.invalid_geometry', `${path} must be an object { lat, lon, radiusKm }.`, { path });
  }
  const [lat, lon, radiusKm] = (['lat', 'lon', 'radiusKm'] as const).map((key) => {
    const field = value[key];
    if (typeof field !== 'number' || !Number.isFinite(field)) {
      throw new AreaError('area.invalid_geometry', `${path}.${key} must be a number.`, { path: `${path}.${key}` });
    }
    return field;
  }) as [number, number, number];
  checkCircle(lat, lon, radiusKm, path);
  return { lat, lon, radiusKm };
}

function checkCircle(lat: number, lon: number, radiusKm: number, path: string): void {
  const fault = (field: string, message: string) =>
    new AreaError('area.invalid_circle', message, { path: `${path}.${field}`, lat, lon, radiusKm });
  if (lat < -90 || lat > 90) throw fault('lat', `${path}.lat must be within [-90, 90].`);
  if (lon < -180 || lon > 180) throw fault('lon', `${path}.lon must be within [-180, 180].`);
  if (!(radiusKm > 0 && radiusKm <= MAX_CIRCLE_RADIUS_KM)) {
    throw fault('radiusKm', `${path}.radiusKm must be more than 0 and at most ${MAX_CIRCLE_RADIUS_KM} km.`);
  }
  if (circleContainsPole(lat, radiusKm)) {
    throw fault('radiusKm', `${path} contains a pole, which a lon/lat polygon cannot enclose; use a polygon instead.`);
  }
}
