import type { AreaCircle, AreaInput, GeoJsonPolygon } from '../../areas/area.types.js';
import { CapError } from './cap.errors.js';
import type { CapArea } from './cap.types.js';

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

/** CAP polygon text "lat,lon lat,lon ..." (latitude first) to a GeoJSON Polygon ([lon, lat]). */
export function capPolygonToGeoJson(text: string, path: string): GeoJsonPolygon {
  const pairs = text.trim().split(/\s+/);
  if (pairs.length < 4) throw new CapError('cap.invalid', `${path} needs at least 4 "lat,lon" pairs, the first repeated last.`, { path });
  const ring = pairs.map((pair, i) => {
    const [lat, lon] = readPair(pair, `${path} point ${i + 1}`, path);
    return [lon, lat];
  });
  return { type: 'Polygon', coordinates: [ring] };
}

/** CAP circle text "lat,lon radiusKm". */
export function capCircleToArea(text: string, path: string): AreaCircle {
  const [centre, radius, ...rest] = text.trim().split(/\s+/);
  if (centre === undefined || radius === undefined || rest.length > 0 || !NUMBER.test(radius)) {
    throw new CapError('cap.invalid', `${path} must be "lat,lon radius" with the radius in km.`, { path });
  }
  const [lat, lon] = readPair(centre, `${path} centre`, path);
  const radiusKm = Number(radius);
  if (radiusKm < 0) throw new CapError('cap.invalid', `${path} has a negative radius.`, { path });
  return { lat, lon, radiusKm };
}

function readPair(pair: string, what: string, path: string): [number, number] {
  const parts = pair.split(',');
  if (parts.length !== 2 || !NUMBER.test(parts[0]!) || !NUMBER.test(parts[1]!)) {
    throw new CapError('cap.invalid', `${what} must be "lat,lon" in decimal degrees, got "${pair}".`, { path });
  }
  const lat = Number(parts[0]);
  const lon = Number(parts[1]);
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) throw new CapError('cap.invalid', `${what} is out of range (lat -90..90, lon -180..180).`, { path });
  return [lat, lon];
}

/** A GeoJSON ring back to CAP text; CAP has no holes, so only outer rings are ever passed here. */
export function ringToCapPolygon(ring: number[][]): string {
  return ring.map(([lon, lat]) => `${formatDegrees(lat!)},${formatDegrees(lon!)}`).join(' ');
}

export function circleToCapCircle(circle: AreaCircle): string {
  return `${formatDegrees(circle.lat)},${formatDegrees(circle.lon)} ${formatDegrees(circle.radiusKm)}`;
}

function formatDegrees(value: number): string {
  return String(Number(value.toFixed(7)));
}

/**
 * The dispatch area of a set of CAP areas: the union of their polygons and circles, each once.
 * A circle of radius 0 is a point, which reaches nobody; it is left out and reported.
 */
export function dispatchAreaOf(areas: readonly { area: CapArea; path: string }[]): { area: Required<AreaInput>; pointCircles: string[] } {
  const polygons = new Map<string, GeoJsonPolygon>();
  const circles = new Map<string, AreaCircle>();
  const pointCircles: string[] = [];
  for (const { area, path } of areas) {
    for (const polygon of area.polygons) polygons.set(JSON.stringify(polygon.coordinates), polygon);
    area.circles.forEach((circle, k) => {
      if (circle.radiusKm === 0) pointCircles.push(`${path}/circle[${k + 1}]`);
      else circles.set(JSON.stringify(circle), circle);
    });
  }
  return { area: { polygons: [...polygons.values()], circles: [...circles.values()] }, pointCircles };
}
