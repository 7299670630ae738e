import { areaSqlPredicate } from '../areas/area-sql.js';
import type { NormalizedArea } from '../areas/area.types.js';

/** Who, besides being inside the area, may receive: all lists are "any of" and optional. */
export interface AudienceFilters {
  channels?: readonly string[];
  languages?: readonly string[];
  tags?: readonly string[];
}

export interface AudienceQuery {
  area: NormalizedArea;
  /** Library areas that intersect the area: their followers are in the audience too. */
  regionIds: readonly string[];
  /** Channels Beacon can send on now. */
  available: readonly string[];
  filters?: AudienceFilters;
}

/**
 * A boolean SQL expression over the 1% block sample `l` of subscriber_location: the share of it
 * inside the area estimates how much of the table the area holds (see `AudienceRepository`).
 */
export function sampleInsideSql(area: NormalizedArea): { sql: string; params: unknown[] } {
  const inside = areaSqlPredicate(area, 'l.position', 1);
  return {
    sql: `SELECT count(*) FILTER (WHERE ${inside.sql})::float8 / greatest(count(*), 1) AS share FROM subscriber_location l TABLESAMPLE SYSTEM (1) REPEATABLE (7)`,
    params: inside.params,
  };
}

export interface AudienceSql {
  /** `FROM subscriber s CROSS JOIN LATERAL (...) preferred WHERE ...`: rows of `s` and `preferred.channel`. */
  from: string;
  params: unknown[];
}

/**
 * The audience as SQL, shared by preview and freeze so the two cannot disagree: active subscribers
 * with a phone, with a location inside the area (GiST) or following an intersecting region (GIN),
 * matching the filters, each once, on the first channel of their own preference order that Beacon
 * can send on and the filter allows. `firstParam` is the number of the first bound parameter.
 */
export function audienceSql(query: AudienceQuery, firstParam: number): AudienceSql {
  const params: unknown[] = [];
  const bind = (value: unknown) => {
    params.push(value);
    return `$${firstParam + params.length - 1}`;
  };
  const channels = query.filters?.channels ? query.available.filter((c) => query.filters!.channels!.includes(c)) : query.available;
  const channelParam = bind(channels);
  const inside = areaSqlPredicate(query.area, 'l.position', firstParam + params.length);
  params.push(...inside.params);
  const located = `SELECT l.subscriber_id FROM subscriber_location l WHERE ${inside.sql}`;
  const members = query.regionIds.length > 0 ? `${located} UNION SELECT r.id FROM subscriber r WHERE r.regions && ${bind(query.regionIds)}::uuid[]` : located;
  const conditions = [`s.status = 'active'`, `s.phone IS NOT NULL`, `s.id IN (${members})`];
  if (query.filters?.languages) conditions.push(`s.language = ANY(${bind(query.filters.languages)}::text[])`);
  if (query.filters?.tags) conditions.push(`s.tags && ${bind(query.filters.tags)}::text[]`);
  const from = `FROM subscriber s
    CROSS JOIN LATERAL (
      SELECT c.channel FROM unnest(s.channels) WITH ORDINALITY AS c(channel, rank)
      WHERE c.channel = ANY(${channelParam}::text[]) ORDER BY c.rank LIMIT 1
    ) preferred
    WHERE ${conditions.join(' AND ')}`;
  return { from, params };
}
