import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { NormalizedArea } from '../area.types.js';
import { AreaEntity } from './area.entity.js';
import { boxLiteral, type BoundingBox, type Geocode } from './area-library.rules.js';

export interface NewNamedArea {
  key: string;
  name: string;
  kind: string;
  geocodes: Geocode[];
  geometry: NormalizedArea;
  bbox: BoundingBox;
  vertices: number;
}

export interface NamedAreaSummary {
  id: string;
  name: string;
  kind: string;
  geocodes: Geocode[];
  vertices: number;
}

export interface NamedAreaGeometry {
  id: string;
  name: string;
  geometry: NormalizedArea;
}

/** The areas library: named areas with geocodes and normalised geometry. */
@Injectable()
export class AreaLibraryRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts or, when the key exists, replaces each area; one statement per batch. */
  async upsert(manager: EntityManager, areas: readonly NewNamedArea[]): Promise<{ inserted: number; updated: number }> {
    if (areas.length === 0) return { inserted: 0, updated: 0 };
    const rows: { inserted: boolean }[] = await manager.query(
      `INSERT INTO area (key, name, kind, geocodes, geometry, bbox, vertices)
       SELECT a.key, a.name, a.kind, a.geocodes, a.geometry, a.bbox::box, a.vertices
       FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[], $6::text[], $7::int[])
         AS a(key, name, kind, geocodes, geometry, bbox, vertices)
       ON CONFLICT (key) DO UPDATE SET name = excluded.name, kind = excluded.kind, geocodes = excluded.geocodes,
         geometry = excluded.geometry, bbox = excluded.bbox, vertices = excluded.vertices, updated_at = now()
       RETURNING (xmax = 0) AS inserted`,
      [
        areas.map((a) => a.key),
        areas.map((a) => a.name),
        areas.map((a) => a.kind),
        areas.map((a) => JSON.stringify(a.geocodes)),
        areas.map((a) => JSON.stringify(a.geometry)),
        areas.map((a) => boxLiteral(a.bbox)),
        areas.map((a) => a.vertices),
      ],
    );
    const inserted = rows.filter((row) => row.inserted).length;
    return { inserted, updated: rows.length - inserted };
  }

  async list(filter: { kind?: string; name?: string; limit: number; offset: number }): Promise<NamedAreaSummary[]> {
    return this.dataSource.query(
      `SELECT id, name, kind, geocodes, vertices FROM area
       WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR name ILIKE '%' || $2 || '%')
       ORDER BY name, id LIMIT $3 OFFSET $4`,
      [filter.kind ?? null, filter.name ?? null, filter.limit, filter.offset],
    );
  }

  async missingIds(ids: readonly string[]): Promise<string[]> {
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT w.id FROM unnest($1::uuid[]) AS w(id) WHERE NOT EXISTS (SELECT 1 FROM area a WHERE a.id = w.id)`,
      [ids],
    );
    return rows.map((row) => row.id);
  }

  async geometriesByIds(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<NamedAreaGeometry[]> {
    return manager.query(`SELECT id, name, geometry FROM area WHERE id = ANY($1::uuid[])`, [ids]);
  }

  /** Areas having any of the geocodes, each geocode matched through the GIN index (`@>`). */
  async geometriesByGeocodes(geocodes: readonly Geocode[], manager: EntityManager = this.dataSource.manager): Promise<(NamedAreaGeometry & { geocodes: Geocode[] })[]> {
    return manager.query(
      `SELECT id, name, geometry, geocodes FROM area
       WHERE id IN (SELECT a.id FROM unnest($1::jsonb[]) AS g(code) JOIN area a ON a.geocodes @> g.code)`,
      [geocodes.map((g) => JSON.stringify([{ valueName: g.valueName, value: g.value }]))],
    );
  }

  /** Which of the geocodes some library area has (GIN index, `@>`), without loading any geometry. */
  async knownGeocodes(geocodes: readonly Geocode[], manager: EntityManager = this.dataSource.manager): Promise<Geocode[]> {
    if (geocodes.length === 0) return [];
    const rows: { code: Geocode }[] = await manager.query(
      `SELECT g.code->0 AS code FROM unnest($1::jsonb[]) AS g(code) WHERE EXISTS (SELECT 1 FROM area a WHERE a.geocodes @> g.code)`,
      [geocodes.map((g) => JSON.stringify([{ valueName: g.valueName, value: g.value }]))],
    );
    return rows.map((row) => row.code);
  }

  /** Areas whose bounding box overlaps the given one (GiST index on `bbox`). */
  async overlappingBox(box: BoundingBox, manager: EntityManager = this.dataSource.manager): Promise<NamedAreaGeometry[]> {
    return manager.query(`SELECT id, name, geometry FROM area WHERE bbox && $1::box`, [boxLiteral(box)]);
  }

  async names(ids: readonly string[], manager: EntityManager = this.dataSource.manager): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await manager.query(`SELECT id, name FROM area WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  count(): Promise<number> {
    return this.dataSource.getRepository(AreaEntity).count();
  }
}
