import type { Geocode } from './area-library.rules.js';
import { AreaLibraryError } from './area-library.errors.js';
import { isRecord } from './area-import.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_REFERENCES = 500;

/** An alert area split into its named-area references and its drawn shapes (polygons, circles). */
export interface AreaReferences {
  areaIds: string[];
  geocodes: Geocode[];
  shapes: Record<string, unknown>;
  hasShapes: boolean;
}

/** Takes `areaIds` and `geocodes` out of an area input, checking their form; the rest is left to `normalizeArea`. */
export function splitAreaInput(input: unknown): AreaReferences {
  if (!isRecord(input)) return { areaIds: [], geocodes: [], shapes: {}, hasShapes: true };
  const { areaIds, geocodes, ...shapes } = input;
  const ids = readList(areaIds, 'areaIds').map((id, k) => {
    if (typeof id !== 'string' || !UUID.test(id)) throw invalid(`areaIds[${k}]`, 'must be an area id (uuid)');
    return id.toLowerCase();
  });
  const codes = readList(geocodes, 'geocodes').map((code, k): Geocode => {
    if (!isRecord(code) || typeof code.valueName !== 'string' || typeof code.value !== 'string' || !code.valueName || !code.value) {
      throw invalid(`geocodes[${k}]`, 'must be { valueName, value } with non-empty strings');
    }
    return { valueName: code.valueName, value: code.value };
  });
  const hasShapes = isNonEmptyList(shapes.polygons) || isNonEmptyList(shapes.circles) || (ids.length === 0 && codes.length === 0);
  return { areaIds: ids, geocodes: codes, shapes, hasShapes };
}

function readList(value: unknown, path: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(path, 'must be an array');
  if (value.length > MAX_REFERENCES) throw invalid(path, `may name at most ${MAX_REFERENCES} areas`);
  return value;
}

function isNonEmptyList(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

function invalid(path: string, problem: string): AreaLibraryError {
  return new AreaLibraryError('area.invalid_named_area', `${path} ${problem}.`, { path });
}
