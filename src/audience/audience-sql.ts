import { type AreaCells, areaCells } from '../areas/area-grid.js';
import { polygonLiteral } from '../areas/area-sql.js';
import type { NormalizedArea, Ring } from '../areas/area.types.js';
import { recipientSql } from '../subscribers/contact-sql.js';
import { CHANNELS } from '../subscribers/subscriber.rules.js';
import { decodedProfileSql } from './audience-profile.js';

/** Who, besides being inside the area, may receive: all lists are "any of" and optional. */
export interface AudienceFilters {
  channels?: readonly string[];
  languages?: readonly string[];
  tags?: readonly string[];
  /** Tags every recipient must carry (all of them), e.g. the test-recipient tag of an Exercise; unlike the others, applies to people reached by earlier runs too. */
  requiredTags?: readonly string[];
}

export interface AudienceQuery {
  /** Null: nobody by area (only those reached by `reachedByRuns`). */
  area: NormalizedArea | null;
  /** Library areas that intersect the area: their followers are in the audience too. */
  regionIds: readonly string[];
  /** Channels Beacon can send on now. */
  available: readonly string[];
  filters?: AudienceFilters;
  /** Earlier dispatch runs: everyone they reached is in the audience, on the channel it reached them on. */
  reachedByRuns?: readonly string[];
}

/** A part of the audience by subscriber id, and who had joined by when (a staged freeze). */
export interface AudienceSlice {
  /** Only subscribers with a greater id. */
  after?: string;
  /** Only subscribers active since then or earlier. */
  joinedBy?: Date;
  /** Only the first that many people by subscriber id. */
  first?: number;
}

/** Delivery statuses that mean the message reached the person (or at least their provider). */
export const REACHED_STATUSES = ['sent', 'delivered', 'read'] as const;

/**
 * PostgreSQL counts a point within 1e-6 degrees of a polygon's edge as inside (see DESIGN.md), but
 * `point <@ box` is exact: each part's bounding box is widened by more than that, so the cheap box
 * test never drops a point the polygon test would keep.
 */
const BOX_MARGIN = 1e-5;

/** From how many vertices (all rings) an area is answered by grid cells first; measured, see BENCHMARKS.md. */
export const GRID_FROM_VERTICES = 100;
/** Beyond this many cells in an area's bounding box (a country), the lists would grow past a megabyte. */
const GRID_MAX_CELLS = 250_000;

export class SqlParams {
  readonly values: unknown[] = [];

  constructor(private readonly first: number) {}

  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.first + this.values.length - 1}`;
  }
}

/**
 * `inside(column, cell)`: a boolean SQL expression, true when the `point` column lies in the area by
 * the same rule as `pointInArea`. Each part is tested against its bounding box first (cheap), then
 * its outer ring and holes. The rings are bound once and shared by every column tested. An area of
 * GRID_FROM_VERTICES vertices or more is answered by its cells first (`cell`: the column's cell id,
 * see area-grid.ts): a point in a cell wholly inside or outside is decided by a lookup, and only
 * points in cells an edge passes near get the polygon test, whose cost grows with the vertices.
 */
export function areaTest(area: NormalizedArea, params: SqlParams): (column: string, cell: string) => string {
  const parts = area.parts.map((part) => ({
    box: params.bind(boxLiteral(part.outer)),
    outer: params.bind(polygonLiteral(part.outer)),
    holes: part.holes.map((hole) => params.bind(polygonLiteral(hole))),
  }));
  if (parts.length === 0) return () => 'false';
  const exact = (column: string) =>
    `(${parts
      .map((p) => `(${column} <@ ${p.box}::box AND ${column} <@ ${p.outer}::polygon${p.holes.map((h) => ` AND NOT ${column} <@ ${h}::polygon`).join('')})`)
      .join(' OR ')})`;
  const cells = gridCells(area);
  if (!cells) return exact;
  // A hashed `= ANY` (the planner hashes a constant array) costs a third of `<@ int4multirange`.
  const box = params.bind(boxLiteral(area.parts.flatMap((part) => part.outer)));
  const inside = params.bind(cells.inside);
  const edge = params.bind(cells.edge);
  return (column, cell) => `(${column} <@ ${box}::box AND (${cell} = ANY(${inside}::int[]) OR (${cell} = ANY(${edge}::int[]) AND ${exact(column)})))`;
}

/** Classified once per area: an approval's sample, first slice and count all test the same area. */
const cellsByArea = new WeakMap<NormalizedArea, AreaCells | null>();

function gridCells(area: NormalizedArea): AreaCells | null {
  let cells = cellsByArea.get(area);
  if (cells === undefined) {
    const vertices = area.parts.reduce((sum, part) => sum + part.outer.length + part.holes.reduce((n, hole) => n + hole.length, 0), 0);
    cells = vertices >= GRID_FROM_VERTICES ? areaCells(area, GRID_MAX_CELLS) : null;
    cellsByArea.set(area, cells);
  }
  return cells;
}

function boxLiteral(ring: Ring): string {
  const xs = ring.map(([x]) => x);
  const ys = ring.map(([, y]) => y);
  return `((${Math.min(...xs) - BOX_MARGIN},${Math.min(...ys) - BOX_MARGIN}),(${Math.max(...xs) + BOX_MARGIN},${Math.max(...ys) + BOX_MARGIN}))`;
}

/**
 * The channel a person gets, as SQL over an `audience_member` row `alias`: the first of their own
 * preference order that is in `allowedParam` (a text[] parameter) and that they have an address for
 * (`recipientSql`), else NULL. A CASE over the array's positions, cheaper per row than unnesting;
 * a preference list holds each channel at most once, so CHANNELS.length positions cover it.
 */
export function preferredChannelSql(alias: string, allowedParam: string): string {
  const arms = CHANNELS.map((_, k) => {
    const channel = `${alias}.channels[${k + 1}]`;
    return `WHEN ${channel} = ANY(${allowedParam}::text[]) AND ${recipientSql(channel, alias)} IS NOT NULL THEN ${channel}`;
  });
  return `CASE ${arms.join(' ')} END`;
}

/**
 * Whether the `audience_member` row `a` is in the audience by area: a location inside the area (the
 * first two on the row, further ones in `audience_member_location`, looked up once as a hashed set),
 * or following one of `regionIds`; and matching the language and tag filters.
 */
export function memberSql(query: AudienceQuery, params: SqlParams): string {
  if (!query.area) return 'false';
  const inside = areaTest(query.area, params);
  const where = [inside('a.loc1', 'a.loc1_cell'), inside('a.loc2', 'a.loc2_cell')];
  where.push(`(a.more_locations AND a.subscriber_id IN (SELECT e.subscriber_id FROM audience_member_location e WHERE ${inside('e.position', 'e.position_cell')}))`);
  if (query.regionIds.length > 0) where.push(`(a.regions <> '{}' AND a.regions && ${params.bind(query.regionIds)}::uuid[])`);
  return `(${where.join(' OR ')})${filterSql(query.filters, params)}`;
}

function filterSql(filters: AudienceFilters | undefined, params: SqlParams): string {
  let sql = requiredTagsSql(filters, params);
  if (filters?.languages) sql += ` AND a.language = ANY(${params.bind(filters.languages)}::text[])`;
  if (filters?.tags) sql += ` AND a.tags && ${params.bind(filters.tags)}::text[]`;
  return sql;
}

function requiredTagsSql(filters: AudienceFilters | undefined, params: SqlParams): string {
  return filters?.requiredTags?.length ? ` AND a.tags @> ${params.bind(filters.requiredTags)}::text[]` : '';
}

function sliceSql(slice: AudienceSlice | undefined, params: SqlParams): string {
  let sql = '';
  if (slice?.after) sql += ` AND a.subscriber_id > ${params.bind(slice.after)}::uuid`;
  if (slice?.joinedBy) sql += ` AND a.member_since <= ${params.bind(slice.joinedBy)}::timestamptz`;
  return sql;
}

export function allowedChannels(query: AudienceQuery): readonly string[] {
  const only = query.filters?.channels;
  return only ? query.available.filter((c) => only.includes(c)) : query.available;
}

export interface AudienceSql {
  /** A SELECT of the audience, one row per person: `subscriber_id, channel, recipient, language, regions`. */
  select: string;
  params: unknown[];
}

/**
 * The audience as one SELECT over `audience_member` (active subscribers only), which the freeze
 * inserts and the preview counts: everyone `memberSql` admits, each once, on `preferredChannelSql`'s
 * channel (nobody without one). With `reachedByRuns`, everyone those runs reached (and who is still
 * active) too, on the channel they were reached on while Beacon can still send there and they still
 * have an address for it (else on their preferred channel); of the filters only `requiredTags`
 * applies to them: an update or a cancellation must reach whoever got the original. `firstParam` is
 * the number of the first bound parameter.
 */
export function audienceSql(query: AudienceQuery, firstParam: number, slice?: AudienceSlice): AudienceSql {
  const params = new SqlParams(firstParam);
  const columns = (channel: string) => `a.subscriber_id, ${channel} AS channel, ${recipientSql(channel, 'a')} AS recipient, a.language, a.regions`;
  // The channel is worked out once per person in the inner SELECT (OFFSET 0 keeps the planner from
  // copying the expression into the outer WHERE and the recipient), and read back as a column.
  // With `first`, the inner SELECT keeps to people with a channel and takes them in id order, so the
  // planner may walk the primary key and stop early.
  const byArea = (extra: string) => {
    const preferred = preferredChannelSql('a', params.bind(allowedChannels(query)));
    const end = slice?.first === undefined ? 'OFFSET 0' : `AND ${preferred} IS NOT NULL ORDER BY a.subscriber_id LIMIT ${Math.floor(slice.first)}`;
    const inner = `SELECT a.subscriber_id, ${preferred} AS channel, a.phone, a.email, a.language, a.regions FROM audience_member a
      WHERE ${memberSql(query, params)}${sliceSql(slice, params)}${extra} ${end}`;
    return `SELECT a.subscriber_id, a.channel, ${recipientSql('a.channel', 'a')} AS recipient, a.language, a.regions FROM (${inner}) a WHERE a.channel IS NOT NULL`;
  };
  if (!query.reachedByRuns || query.reachedByRuns.length === 0) return { select: byArea(''), params: params.values };

  const available = params.bind(query.available);
  const reached = `SELECT DISTINCT ON (d.subscriber_id) d.subscriber_id, d.channel FROM delivery d
      WHERE d.run_id = ANY(${params.bind(query.reachedByRuns)}::uuid[]) AND d.status = ANY(${params.bind(REACHED_STATUSES)}::text[])
      ORDER BY d.subscriber_id, d.id DESC`;
  const kept = `CASE WHEN r.channel = ANY(${available}::text[]) AND ${recipientSql('r.channel', 'a')} IS NOT NULL THEN r.channel ELSE ${preferredChannelSql('a', available)} END`;
  const earlier = `SELECT ${columns('c.channel')} FROM reached r JOIN audience_member a ON a.subscriber_id = r.subscriber_id
      CROSS JOIN LATERAL (SELECT ${kept} AS channel) c WHERE c.channel IS NOT NULL${requiredTagsSql(query.filters, params)}${sliceSql(slice, params)}`;
  const inArea = query.area ? ` UNION ALL ${byArea(' AND NOT EXISTS (SELECT 1 FROM reached r WHERE r.subscriber_id = a.subscriber_id)')}` : '';
  const union = `${earlier}${inArea}`;
  const select = slice?.first === undefined ? union : `SELECT * FROM (${union}) u ORDER BY u.subscriber_id LIMIT ${Math.floor(slice.first)}`;
  return { select: `WITH reached AS (${reached}) ${select}`, params: params.values };
}

/**
 * The share of `audience_member` rows in the area, from a 1% block sample: PostgreSQL's own guess
 * for `point <@ polygon` is 0.1% whatever the area, so where it matters (walking the primary key
 * for a first slice) a sample decides.
 */
export function sampleShareSql(query: AudienceQuery, firstParam: number): AudienceSql {
  const params = new SqlParams(firstParam);
  const member = memberSql(query, params);
  return {
    select: `SELECT (count(*) FILTER (WHERE ${member}))::float8 / greatest(count(*), 1) AS share FROM audience_member a TABLESAMPLE SYSTEM (1) REPEATABLE (7)`,
    params: params.values,
  };
}

/**
 * The preview's counts in one scan of `audience_member`, by the same rules as `audienceSql` (the
 * same `memberSql`), in two steps. First the members are counted by `profile` (what decides their
 * channel), language and followed regions; then each group gets its channel from
 * `preferredChannelSql` over the decoded profile. The area test is wrapped in `coalesce(..., false)`
 * (same result: a NULL is no member either) because PostgreSQL guesses `point <@ polygon` at 0.1% of
 * rows whatever the area, and would then hand every member to one process through a Gather; a
 * `coalesce` it guesses at half the rows, so each parallel worker counts its own share. Rows:
 * `channel` (NULL: no channel), `language`, `regions` (the followed regions when any intersect the
 * area, else NULL), `n`.
 */
export function previewCountsSql(query: AudienceQuery & { area: NormalizedArea }, firstParam: number): AudienceSql {
  const params = new SqlParams(firstParam);
  const regions = query.regionIds.length > 0 ? `CASE WHEN a.regions && ${params.bind(query.regionIds)}::uuid[] THEN a.regions END` : 'NULL::uuid[]';
  const member = memberSql({ ...query, filters: undefined }, params);
  const groups = `SELECT ${decodedProfileSql('a.profile')}, a.language, ${regions} AS regions, count(*) AS n
      FROM audience_member a WHERE coalesce(${member}, false)${filterSql(query.filters, params)}
      GROUP BY a.profile, a.language, ${regions}`;
  const select = `SELECT ${preferredChannelSql('g', params.bind(allowedChannels(query)))} AS channel, g.language, g.regions, sum(g.n)::int AS n
    FROM (${groups}) g GROUP BY 1, 2, 3`;
  return { select, params: params.values };
}
