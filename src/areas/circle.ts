import type { Position, Ring } from './area.types.js';
import { AreaError } from './areas.errors.js';

/** Mean Earth radius (IUGG), the sphere every distance in this module is measured on. */
export const EARTH_RADIUS_KM = 6371.0088;

const toRadians = (degrees: number) => (degrees * Math.PI) / 180;
const toDegrees = (radians: number) => (radians * 180) / Math.PI;

/**
 * True when the circle covers (or touches) a pole. Such a circle has no polygon in plain lon/lat
 * (it would have to run along the map's top or bottom edge), so it is refused rather than
 * approximated; an operator can send a polygon reaching to latitude ±90 instead.
 */
export function circleContainsPole(lat: number, radiusKm: number): boolean {
  return radiusKm / EARTH_RADIUS_KM >= toRadians(90 - Math.abs(lat));
}

/**
 * A geodesic circle as a closed, counter-clockwise ring: the destination point at `radiusKm` from
 * the centre on each of `segments` bearings. Longitudes stay within [-180, 180]; a circle over the
 * antimeridian therefore shows a jump of more than 180° there, which the ring pipeline reads as
 * a crossing.
 */
export function circleToPolygon(lat: number, lon: number, radiusKm: number, segments = 64): Ring {
  if (circleContainsPole(lat, radiusKm)) {
    throw new AreaError('area.invalid_circle', 'A circle that contains a pole cannot be drawn in plain lon/lat.', {
      path: 'circle',
      lat,
      lon,
      radiusKm,
    });
  }
  const ring: Ring = [];
  for (let k = 0; k < segments; k++) {
    ring.push(destination(lat, lon, -(2 * Math.PI * k) / segments, radiusKm / EARTH_RADIUS_KM));
  }
  ring.push([ring[0]![0], ring[0]![1]]);
  return ring;
}

/** The point reached from (lat, lon) going `angle` radians of arc on the given bearing. */
function destination(lat: number, lon: number, bearing: number, angle: number): Position {
  const phi = toRadians(lat);
  const sinPhi2 = Math.sin(phi) * Math.cos(angle) + Math.cos(phi) * Math.sin(angle) * Math.cos(bearing);
  const phi2 = Math.asin(Math.max(-1, Math.min(1, sinPhi2)));
  const dLambda = Math.atan2(
    Math.sin(bearing) * Math.sin(angle) * Math.cos(phi),
    Math.cos(angle) - Math.sin(phi) * sinPhi2,
  );
  return [normalizeLongitude(lon + toDegrees(dLambda)), toDegrees(phi2)];
}

function normalizeLongitude(lon: number): number {
  return lon > 180 ? lon - 360 : lon < -180 ? lon + 360 : lon;
}

/** Great-circle distance in km (haversine); what the circle's vertices are checked against. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dPhi = toRadians(lat2 - lat1);
  const dLambda = toRadians(lon2 - lon1);
  const h =
    Math.sin(dPhi / 2) ** 2 + Math.cos(toRadians(lat1)) * Math.cos(toRadians(lat2)) * Math.sin(dLambda / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
