import type { NormalizedArea } from '../area.types.js';
import { normalizeArea } from '../validate-area.js';
import { areaKey, boundingBox, countVertices, featureIdentity } from './area-library.rules.js';
import type { NewNamedArea } from './area-library.repository.js';
import { AreaLibraryError } from './area-library.errors.js';

/** Largest named area accepted, in vertices (a detailed coastline runs to tens of thousands). */
export const MAX_NAMED_AREA_VERTICES = 200_000;

export interface FeatureProblem {
  index: number;
  name: string | null;
  reason: string;
}

/**
 * Reads a GeoJSON FeatureCollection into named areas: each feature's geometry is checked and
 * normalised like an alert's area; a bad feature is reported by its index and the rest are kept.
 */
export function readFeatureCollection(body: unknown, fallbackKind: string): { areas: NewNamedArea[]; problems: FeatureProblem[] } {
  const features = isRecord(body) && body.type === 'FeatureCollection' && Array.isArray(body.features) ? (body.features as unknown[]) : undefined;
  if (!features) {
    throw new AreaLibraryError('area.invalid_feature_collection', 'The body must be a GeoJSON FeatureCollection.', { path: '' });
  }
  const areas: NewNamedArea[] = [];
  const problems: FeatureProblem[] = [];
  const seen = new Set<string>();
  features.forEach((feature, index) => {
    const result = readFeature(feature, fallbackKind);
    if (typeof result === 'string') {
      problems.push({ index, name: nameHint(feature), reason: result });
    } else if (seen.has(result.key)) {
      problems.push({ index, name: result.name, reason: `duplicate key ${result.key} in this collection` });
    } else {
      seen.add(result.key);
      areas.push(result);
    }
  });
  return { areas, problems };
}

function readFeature(feature: unknown, fallbackKind: string): NewNamedArea | string {
  if (!isRecord(feature) || feature.type !== 'Feature') return 'not a GeoJSON Feature';
  const identity = featureIdentity(isRecord(feature.properties) ? feature.properties : {}, fallbackKind);
  if (typeof identity === 'string') return identity;
  let geometry: NormalizedArea;
  try {
    geometry = normalizeArea({ polygons: [feature.geometry] }, { maxVertices: MAX_NAMED_AREA_VERTICES });
  } catch (error) {
    return error instanceof Error ? error.message : 'invalid geometry';
  }
  return { ...identity, key: areaKey(identity), geometry, bbox: boundingBox(geometry), vertices: countVertices(geometry) };
}

function nameHint(feature: unknown): string | null {
  if (!isRecord(feature) || !isRecord(feature.properties)) return null;
  const identity = featureIdentity(feature.properties, '');
  return typeof identity === 'string' ? null : identity.name;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
