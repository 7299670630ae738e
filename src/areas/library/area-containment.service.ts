import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { NormalizedArea, Position } from '../area.types.js';
import { AreasService } from '../areas.service.js';
import { findPointOutside, type PointOutside } from '../containment.js';
import { EdgeIndex } from '../edge-index.js';
import { AreaLibraryError } from './area-library.errors.js';
import { AreaLibraryRepository } from './area-library.repository.js';
import { unionOf } from './area-library.rules.js';
import { splitAreaInput } from './area-reference.js';

export interface AllowedArea {
  id: string;
  name: string;
}

/** Whether an area input lies within some library areas, and if not, where it leaves them. */
export type ContainmentVerdict =
  | { within: true; allowed: AllowedArea[] }
  | { within: false; allowed: AllowedArea[]; outside: PointOutside & { part: string } };

/** Degrees of latitude per metre, for a tolerance given in metres. */
const DEGREES_PER_METRE = 1 / 111_320;

/**
 * Checks an area input (`polygons`, `circles`, `areaIds`, `geocodes`) against a set of library
 * areas: a named area that is one of them is within by definition; any other named area, and the
 * drawn shapes, must lie within their union (see `findPointOutside`), up to a tolerance in metres
 * for borders that two sources draw differently.
 */
@Injectable()
export class AreaContainmentService {
  constructor(
    private readonly repository: AreaLibraryRepository,
    private readonly areas: AreasService,
  ) {}

  async check(input: unknown, allowedIds: readonly string[], toleranceMetres: number, manager?: EntityManager): Promise<ContainmentVerdict> {
    const refs = splitAreaInput(input);
    const allowedAreas = await this.repository.geometriesByIds(allowedIds, manager);
    const allowed = allowedAreas.map(({ id, name }) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name));
    const allowedSet = new Set(allowedAreas.map((area) => area.id));
    const parts: { part: string; area: NormalizedArea }[] = [];
    if (refs.hasShapes) parts.push({ part: 'drawn shapes', area: this.areas.normalize(refs.shapes) });
    const others = refs.areaIds.filter((id) => !allowedSet.has(id));
    if (others.length > 0) {
      const found = await this.repository.geometriesByIds(others, manager);
      const missing = others.filter((id) => !found.some((area) => area.id === id));
      if (missing.length > 0) throw new AreaLibraryError('area.unknown_named_area', `No area in the library with id ${missing.join(', ')}.`, { path: 'areaIds', missing });
      parts.push(...found.map((area) => ({ part: `area ${area.name}`, area: area.geometry })));
    }
    if (refs.geocodes.length > 0) {
      const found = await this.repository.geometriesByGeocodes(refs.geocodes, manager);
      parts.push(...found.filter((area) => !allowedSet.has(area.id)).map((area) => ({ part: `area ${area.name}`, area: area.geometry })));
    }
    if (parts.length === 0) return { within: true, allowed };
    const region = new EdgeIndex(unionOf(allowedAreas.map((area) => area.geometry)));
    const tolerance = Math.max(0, toleranceMetres) * DEGREES_PER_METRE;
    for (const { part, area } of parts) {
      const outside = findPointOutside(area, region, { tolerance });
      if (outside) return { within: false, allowed, outside: { ...outside, point: rounded(outside.point), part } };
    }
    return { within: true, allowed };
  }
}

/** About 1 cm: enough to find the place, without a float's noise. */
function rounded([lon, lat]: Position): Position {
  return [Math.round(lon * 1e7) / 1e7, Math.round(lat * 1e7) / 1e7];
}
