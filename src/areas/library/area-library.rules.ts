import type { NormalizedArea, Position } from '../area.types.js';
import { pointInArea } from '../point-in-area.js';

/** A CAP `<geocode>`: e.g. `{ valueName: 'NUTS', value: 'DE21' }`. */
export interface Geocode {
  valueName: string;
  value: string;
}

export interface BoundingBox {
  minLon: number;
  minLat: number;
  maxLon: number;
  maxLat: number;
}

/** What a GeoJSON feature's properties say about a named area. */
export interface FeatureIdentity {
  name: string;
  kind: string;
  geocodes: Geocode[];
}

/** Property names that are geocodes as they stand, and the CAP valueName each becomes. */
const GEOCODE_PROPERTIES: Record<string, string> = {
  NUTS: 'NUTS', nuts: 'NUTS', NUTS_ID: 'NUTS', nuts_id: 'NUTS',
  AGS: 'AGS', ags: 'AGS', RS: 'ARS', ARS: 'ARS',
  SAME: 'SAME', FIPS: 'FIPS', fips: 'FIPS', GEOID: 'FIPS',
  GID: 'GADM', ISO3166_2: 'ISO3166-2', 'ISO3166-2': 'ISO3166-2',
};

const isText = (value: unknown): value is string | number =>
  (typeof value === 'string' && value.trim() !== '') || (typeof value === 'number' && Number.isFinite(value));

/**
 * Reads a feature's name, kind and geocodes from its properties. Understood: explicit
 * `geocodes: [{ valueName, value }]`; properties named like a geocode system (`NUTS`, `AGS`,
 * `SAME`, `FIPS`, ...); an ISO 3166-2 `id` (`DE-BW`); GADM levels (`ISO`, `ID_1`..`ID_n`, `NAME_n`)
 * as `GADM` `DEU.9.23.244`; and UK GSS codes (`ctry19cd`, `lad21cd`, ...) as `GSS`.
 */
export function featureIdentity(properties: Record<string, unknown>, fallbackKind: string): FeatureIdentity | string {
  const geocodes: Geocode[] = [];
  const add = (valueName: string, value: string | number) => {
    if (!geocodes.some((g) => g.valueName === valueName && g.value === String(value))) geocodes.push({ valueName, value: String(value) });
  };
  if (Array.isArray(properties.geocodes)) {
    for (const g of properties.geocodes as unknown[]) {
      const code = g as Partial<Record<string, unknown>>;
      if (typeof g === 'object' && g !== null && isText(code.valueName) && isText(code.value)) add(String(code.valueName), code.value);
    }
  }
  for (const [property, valueName] of Object.entries(GEOCODE_PROPERTIES)) {
    const value = properties[property];
    if (isText(value)) add(valueName, value);
  }
  if (typeof properties.id === 'string' && /^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(properties.id)) add('ISO3166-2', properties.id);
  const gadm = gadmLevel(properties);
  if (gadm) add('GADM', gadm.code);
  for (const [property, value] of Object.entries(properties)) {
    if (/^[a-z]{3,5}\d{2}cd$/.test(property) && isText(value)) add('GSS', value);
  }
  const name = nameOf(properties, gadm?.level);
  if (!name) return 'the feature has no name property (name, NAME, NAME_<n>, ...nm)';
  const kind = kindOf(properties, gadm?.level) ?? fallbackKind;
  return { name, kind, geocodes };
}

function gadmLevel(properties: Record<string, unknown>): { code: string; level: number } | undefined {
  if (!isText(properties.ISO)) return undefined;
  const ids: string[] = [];
  for (let level = 1; isText(properties[`ID_${level}`]); level++) ids.push(String(properties[`ID_${level}`]));
  if (ids.length === 0) return undefined;
  return { code: [String(properties.ISO), ...ids].join('.'), level: ids.length };
}

function nameOf(properties: Record<string, unknown>, gadm: number | undefined): string | undefined {
  const candidates = [
    gadm !== undefined ? properties[`NAME_${gadm}`] : undefined,
    properties.name,
    properties.NAME,
    properties.Name,
    ...Object.entries(properties).filter(([key]) => /^[a-z]{3,5}\d{2}nm$/.test(key)).map(([, value]) => value),
  ];
  const found = candidates.find(isText);
  return found === undefined ? undefined : String(found).trim().slice(0, 200);
}

function kindOf(properties: Record<string, unknown>, gadm: number | undefined): string | undefined {
  const candidates = [gadm !== undefined ? properties[`ENGTYPE_${gadm}`] : undefined, properties.type, properties.kind];
  const found = candidates.find(isText);
  return found === undefined ? undefined : String(found).trim().slice(0, 100);
}

/** The library key: the first geocode, else the kind and name, so a re-import updates in place. */
export function areaKey(identity: FeatureIdentity): string {
  const first = identity.geocodes[0];
  return first ? `${first.valueName}:${first.value}` : `name:${identity.kind}:${identity.name}`;
}

export function boundingBox(area: NormalizedArea): BoundingBox {
  const box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const part of area.parts) {
    for (const [lon, lat] of part.outer) {
      box.minLon = Math.min(box.minLon, lon);
      box.maxLon = Math.max(box.maxLon, lon);
      box.minLat = Math.min(box.minLat, lat);
      box.maxLat = Math.max(box.maxLat, lat);
    }
  }
  return box;
}

/** PostgreSQL `box` text. */
export function boxLiteral(box: BoundingBox): string {
  return `((${box.minLon},${box.minLat}),(${box.maxLon},${box.maxLat}))`;
}

export function countVertices(area: NormalizedArea): number {
  return area.parts.reduce((sum, part) => sum + [part.outer, ...part.holes].reduce((s, ring) => s + ring.length - 1, 0), 0);
}

function overlaps(a: BoundingBox, b: BoundingBox): boolean {
  return a.minLon <= b.maxLon && b.minLon <= a.maxLon && a.minLat <= b.maxLat && b.minLat <= a.maxLat;
}

function outerVertices(area: NormalizedArea): Position[] {
  return area.parts.flatMap((part) => part.outer.slice(0, -1));
}

/**
 * Whether two areas intersect, approximately: their bounding boxes overlap, and a vertex of one
 * lies inside the other. It misses only overlaps where edges cross with no vertex of either inside
 * the other (two thin crossing strips); for districts and counties against alert polygons and
 * circles, a vertex of one is practically always inside the other when they overlap.
 */
export function areasIntersect(a: NormalizedArea, b: NormalizedArea): boolean {
  if (!overlaps(boundingBox(a), boundingBox(b))) return false;
  return outerVertices(b).some(([lon, lat]) => pointInArea(a, lon, lat)) || outerVertices(a).some(([lon, lat]) => pointInArea(b, lon, lat));
}

/** Merges areas into one union. */
export function unionOf(areas: readonly NormalizedArea[]): NormalizedArea {
  return { parts: areas.flatMap((area) => area.parts) };
}
