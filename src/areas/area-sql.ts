import type { NormalizedArea, Ring } from './area.types.js';

export interface SqlPredicate {
  sql: string;
  params: string[];
}

/**
 * A boolean SQL expression selecting the `point` column's rows inside the area, with the same
 * answer as `pointInArea`. Each part is `col <@ outer AND NOT col <@ hole ...`, and the parts are
 * OR-ed, so the planner can answer every part's outer ring from a GiST index on the column (a
 * BitmapOr of index scans) and test the holes on the rows found. Rings are bound parameters, from
 * `$firstParam` on. `column` is inserted as written: pass a trusted identifier, never input.
 */
export function areaSqlPredicate(area: NormalizedArea, column: string, firstParam: number): SqlPredicate {
  const params: string[] = [];
  const contained = (ring: Ring) => {
    params.push(polygonLiteral(ring));
    return `${column} <@ $${firstParam + params.length - 1}::polygon`;
  };
  const parts = area.parts.map((part) =>
    [contained(part.outer), ...part.holes.map((hole) => `NOT ${contained(hole)}`)].join(' AND '),
  );
  if (parts.length === 0) return { sql: 'false', params };
  return { sql: `(${parts.map((part) => `(${part})`).join(' OR ')})`, params };
}

/**
 * PostgreSQL's polygon text, `((x1,y1),...,(xn,yn))`. A polygon is implicitly closed, so the
 * ring's repeated last vertex is left out; numbers are written in JavaScript's shortest form,
 * which float8 input reads back to the same double.
 */
export function polygonLiteral(ring: Ring): string {
  const open = ring.slice(0, -1);
  return `(${open.map(([x, y]) => `(${x},${y})`).join(',')})`;
}
