import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { NormalizedArea } from '../area.types.js';
import { AreasService } from '../areas.service.js';
import { readFeatureCollection, type FeatureProblem } from './area-import.js';
import { AreaLibraryError } from './area-library.errors.js';
import { AreaLibraryRepository, type NamedAreaSummary } from './area-library.repository.js';
import { areasIntersect, boundingBox, unionOf } from './area-library.rules.js';
import { splitAreaInput } from './area-reference.js';
import type { Geocode } from './area-library.rules.js';

export interface AreaImportResult {
  imported: number;
  updated: number;
  errors: FeatureProblem[];
}

const UPSERT_BATCH = 50;

/** The areas library: import, listing, and resolving named areas in an alert's area. */
@Injectable()
export class AreaLibraryService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AreaLibraryRepository,
    private readonly areas: AreasService,
    private readonly audit: AuditService,
  ) {}

  async importCollection(actor: string, body: unknown, kind = 'area'): Promise<AreaImportResult> {
    const { areas, problems } = readFeatureCollection(body, kind);
    return this.dataSource.transaction(async (manager) => {
      const totals = { inserted: 0, updated: 0 };
      for (let start = 0; start < areas.length; start += UPSERT_BATCH) {
        const done = await this.repository.upsert(manager, areas.slice(start, start + UPSERT_BATCH));
        totals.inserted += done.inserted;
        totals.updated += done.updated;
      }
      await this.audit.record(manager, {
        actor,
        action: 'areas.imported',
        subjectType: 'area',
        subjectId: 'library',
        data: { imported: totals.inserted, updated: totals.updated, rejected: problems.length },
      });
      return { imported: totals.inserted, updated: totals.updated, errors: problems };
    });
  }

  list(filter: { kind?: string; name?: string; limit: number; offset: number }): Promise<NamedAreaSummary[]> {
    return this.repository.list(filter);
  }

  /**
   * An area input (`polygons`, `circles`, `areaIds`, `geocodes`) as one normalised union. Unknown
   * ids or geocodes are a 400 naming them.
   */
  async resolve(input: unknown, manager?: EntityManager): Promise<NormalizedArea> {
    const refs = splitAreaInput(input);
    const drawn = refs.hasShapes ? [this.areas.normalize(refs.shapes)] : [];
    const named: NormalizedArea[] = [];
    if (refs.areaIds.length > 0) {
      const found = await this.repository.geometriesByIds(refs.areaIds, manager);
      const missing = refs.areaIds.filter((id) => !found.some((area) => area.id === id));
      if (missing.length > 0) throw new AreaLibraryError('area.unknown_named_area', `No area in the library with id ${missing.join(', ')}.`, { path: 'areaIds', missing });
      named.push(...found.map((area) => area.geometry));
    }
    if (refs.geocodes.length > 0) {
      const found = await this.repository.geometriesByGeocodes(refs.geocodes, manager);
      const missing = refs.geocodes.filter((code) => !found.some((area) => area.geocodes.some((g) => g.valueName === code.valueName && g.value === code.value)));
      if (missing.length > 0) {
        throw new AreaLibraryError('area.unknown_named_area', `No area in the library with geocode ${missing.map((g) => `${g.valueName}=${g.value}`).join(', ')}.`, { path: 'geocodes', missing });
      }
      named.push(...found.map((area) => area.geometry));
    }
    return unionOf([...drawn, ...named]);
  }

  /** The geocodes (of those given) that name an area of the library: a CAP import targets those. */
  knownGeocodes(geocodes: readonly Geocode[], manager?: EntityManager): Promise<Geocode[]> {
    return this.repository.knownGeocodes(geocodes, manager);
  }

  /** Ids of library areas that intersect the area (approximately: see `areasIntersect`). */
  async intersectingRegions(area: NormalizedArea, manager?: EntityManager): Promise<string[]> {
    if (area.parts.length === 0) return [];
    const candidates = await this.repository.overlappingBox(boundingBox(area), manager);
    return candidates.filter((candidate) => areasIntersect(area, candidate.geometry)).map((candidate) => candidate.id);
  }

  names(ids: readonly string[], manager?: EntityManager): Promise<Map<string, string>> {
    return this.repository.names(ids, manager);
  }
}
