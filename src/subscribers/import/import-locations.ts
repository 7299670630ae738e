/** Locations of import rows: read, checked, and written as PostgreSQL point literals for COPY. */
import { MAX_LOCATIONS, pointLiteral } from '../subscriber.rules.js';

export type Checked<T> = { ok: T } | { error: string };

export interface ImportLocation {
  lat: number;
  lon: number;
  label: string | null;
  /** PostgreSQL point literal `(lon,lat)`, with the coordinates as the file wrote them when they are plain decimals. */
  position: string;
}

export interface RawLocation {
  lat: unknown;
  lon: unknown;
  label: string | null;
}

/** A coordinate PostgreSQL reads exactly as JavaScript does, so the file's text can go to COPY as it is. */
const PLAIN_DECIMAL = /^-?\d{1,3}(?:\.\d{1,17})?$/;

const LOCATION_COUNT_ERROR = `give 1 to ${MAX_LOCATIONS} locations`;
const LOCATION_ERROR = 'each location needs lat within [-90, 90] and lon within [-180, 180]';

/** Locations of an NDJSON row (or anything already split into numbers). */
export function checkLocations(locations: RawLocation[]): Checked<ImportLocation[]> {
  if (locations.length === 0 || locations.length > MAX_LOCATIONS) return { error: LOCATION_COUNT_ERROR };
  const checked: ImportLocation[] = [];
  for (const { lat, lon, label } of locations) {
    if (typeof lat !== 'number' || typeof lon !== 'number' || !inRange(lat, lon)) return { error: LOCATION_ERROR };
    checked.push({ lat, lon, label, position: pointLiteral(lat, lon) });
  }
  return { ok: checked };
}

function inRange(lat: number, lon: number): boolean {
  return Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

/** `lat lon[ label]` entries separated by `;`. */
export function csvLocations(field: string): Checked<ImportLocation[]> {
  const locations: ImportLocation[] = [];
  let outOfRange = false;
  for (const entry of field.split(';')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const space = trimmed.indexOf(' ');
    const rest = space > 0 ? trimmed.slice(space + 1) : '';
    if (PLAIN_DECIMAL.test(rest)) {
      // `lat lon`, the common case, without a regular expression split.
      outOfRange ||= !csvLocation(locations, trimmed.slice(0, space), rest, null);
    } else {
      const [lat, lon, ...label] = trimmed.split(/\s+/);
      outOfRange ||= !csvLocation(locations, lat ?? '', lon ?? '', label.join(' ') || null);
    }
  }
  if (locations.length === 0 || locations.length > MAX_LOCATIONS) return { error: LOCATION_COUNT_ERROR };
  return outOfRange ? { error: LOCATION_ERROR } : { ok: locations };
}

/**
 * Adds a location read from CSV text to `into` (false if out of range: it still counts); the
 * coordinates go to COPY as the file wrote them when they are plain decimals.
 */
function csvLocation(into: ImportLocation[], latText: string, lonText: string, label: string | null): boolean {
  const lat = latText === '' ? NaN : Number(latText);
  const lon = lonText === '' ? NaN : Number(lonText);
  into.push({ lat, lon, label, position: `(${PLAIN_DECIMAL.test(lonText) ? lonText : lon},${PLAIN_DECIMAL.test(latText) ? latText : lat})` });
  return inRange(lat, lon);
}

/** The `lat, lon[, label]` columns of a CSV row. */
export function csvLatLon(lat: string, lon: string, label: string | null): Checked<ImportLocation[]> {
  const locations: ImportLocation[] = [];
  return csvLocation(locations, lat, lon, label) ? { ok: locations } : { error: LOCATION_ERROR };
}
