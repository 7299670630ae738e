import type { NormalizedArea, Position } from './area.types.js';
import { pointInArea } from './point-in-area.js';

/**
 * A fixed grid over lon/lat for answering `point <@ area` without testing every point against
 * every vertex: a cell wholly inside or wholly outside the area decides its points at once, and
 * only points in cells an edge passes near get the exact test. Cells are 1/CELLS_PER_DEGREE of a
 * degree square (a power of two, so a cell id is the same whether PostgreSQL or JavaScript works it
 * out); a cell's id is its column (from -180 east) times GRID_ROWS plus its row (from -90 north).
 * Longitude 180 and latitude 90 get a column and a row of their own.
 */
export const CELLS_PER_DEGREE = 32;
export const GRID_COLUMNS = 360 * CELLS_PER_DEGREE + 1;
export const GRID_ROWS = 180 * CELLS_PER_DEGREE + 1;

/**
 * How far, in degrees, a cell's points must stay from every edge for the cell to be decided
 * without the exact test. PostgreSQL counts a point as on an edge (inside) within 1e-6 in x and y
 * of a vertex or of a horizontal edge, and where the edge's cross product with the point is at
 * most 1e-6, which is a band 1e-6 / length wide within the edge's bounding box (see
 * point-in-area.ts): wider than 1e-6 around edges shorter than a degree. So a cell is an edge
 * cell when it comes within MARGIN of an edge, or within 4e-6 / length of it inside its bounding
 * box widened by MARGIN; every other point is at least that far from the boundary, where the fuzzy
 * comparisons agree with plain geometry, and the cell's centre speaks for all of it.
 */
const MARGIN = 1e-5;
const BAND_PER_LENGTH = 4e-6;

/** The cell id of a point, as `cellSql` computes it in PostgreSQL. */
export function cellOf(lon: number, lat: number): number {
  return Math.floor((lon + 180) * CELLS_PER_DEGREE) * GRID_ROWS + Math.floor((lat + 90) * CELLS_PER_DEGREE);
}

/** The same as SQL over a `point` column (the generation expression of the `*_cell` columns). */
export function cellSql(column: string): string {
  return `(floor((${column}[0] + 180) * ${CELLS_PER_DEGREE})::integer * ${GRID_ROWS} + floor((${column}[1] + 90) * ${CELLS_PER_DEGREE})::integer)`;
}

export interface AreaCells {
  /** Ids of the cells whose every point is inside the area, ascending. */
  inside: number[];
  /** Ids of the cells that need the exact test, ascending. Any other cell is wholly outside. */
  edge: number[];
}

interface Window {
  col0: number;
  row0: number;
  cols: number;
  rows: number;
}

const columnOf = (lon: number) => Math.floor((lon + 180) * CELLS_PER_DEGREE);
const rowOf = (lat: number) => Math.floor((lat + 90) * CELLS_PER_DEGREE);
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/**
 * The area's cells, or null when the boxes of its parts hold more than `maxCells` cells (a
 * country: the exact test alone is cheaper than listing them). Each part is classified in a window
 * around its own rings (both copies of an antimeridian part, two distant counties), against every
 * ring of the area; where windows overlap, a cell gets the same answer in each.
 */
export function areaCells(area: NormalizedArea, maxCells: number): AreaCells | null {
  const rings = area.parts.flatMap((part) => [part.outer, ...part.holes]);
  const windows = area.parts.flatMap((part) => gridWindow([part.outer, ...part.holes].flat()) ?? []);
  if (windows.reduce((sum, window) => sum + window.cols * window.rows, 0) > maxCells) return null;
  const inside = new Set<number>();
  const edge = new Set<number>();
  for (const window of windows) {
    const edges = new Uint8Array(window.cols * window.rows);
    for (const ring of rings) {
      for (let i = 1; i < ring.length; i++) markEdge(edges, window, ring[i - 1]!, ring[i]!);
    }
    for (const id of insideCells(area, edges, window)) inside.add(id);
    for (const id of edgeCells(edges, window)) edge.add(id);
  }
  const ascending = (ids: Set<number>) => [...ids].sort((a, b) => a - b);
  return { inside: ascending(inside), edge: ascending(edge) };
}

/** The cells around every vertex, one spare cell each side, clipped to the globe. */
function gridWindow(positions: readonly Position[]): Window | null {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [x, y] of positions) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const col0 = clamp(columnOf(minX) - 1, 0, GRID_COLUMNS - 1);
  const col1 = clamp(columnOf(maxX) + 1, 0, GRID_COLUMNS - 1);
  const row0 = clamp(rowOf(minY) - 1, 0, GRID_ROWS - 1);
  const row1 = clamp(rowOf(maxY) + 1, 0, GRID_ROWS - 1);
  if (positions.length === 0) return null;
  return { col0, row0, cols: col1 - col0 + 1, rows: row1 - row0 + 1 };
}

/**
 * Marks every cell that comes within `reach` of the segment (a square around it, which holds the
 * disc) and within MARGIN of its bounding box, column by column.
 */
function markEdge(edge: Uint8Array, window: Window, [ax, ay]: Position, [bx, by]: Position): void {
  const length = Math.hypot(bx - ax, by - ay);
  const reach = Math.max(MARGIN, length > 0 ? BAND_PER_LENGTH / length : MARGIN);
  const [x0, x1] = ax <= bx ? [ax, bx] : [bx, ax];
  const [y0, y1] = ay <= by ? [ay, by] : [by, ay];
  const firstCol = Math.max(window.col0, columnOf(x0 - MARGIN));
  const lastCol = Math.min(window.col0 + window.cols - 1, columnOf(x1 + MARGIN));
  for (let col = firstCol; col <= lastCol; col++) {
    const left = Math.max(col / CELLS_PER_DEGREE - 180 - reach, x0);
    const right = Math.min((col + 1) / CELLS_PER_DEGREE - 180 + reach, x1);
    if (left > right) continue;
    const [low, high] = bx === ax ? [y0, y1] : segmentYRange(ax, ay, bx, by, left, right);
    const firstRow = Math.max(window.row0, rowOf(Math.max(low - reach, y0 - MARGIN)));
    const lastRow = Math.min(window.row0 + window.rows - 1, rowOf(Math.min(high + reach, y1 + MARGIN)));
    const base = (col - window.col0) * window.rows - window.row0;
    for (let row = firstRow; row <= lastRow; row++) edge[base + row] = 1;
  }
}

function segmentYRange(ax: number, ay: number, bx: number, by: number, left: number, right: number): [number, number] {
  const at = (x: number) => ay + ((x - ax) * (by - ay)) / (bx - ax);
  const [p, q] = [at(left), at(right)];
  return p <= q ? [p, q] : [q, p];
}

/**
 * The runs of cells that no edge comes near, one column at a time: no edge crosses such a run,
 * so the whole run is in or out, as its first cell's centre is.
 */
function insideCells(area: NormalizedArea, edge: Uint8Array, window: Window): number[] {
  const ids: number[] = [];
  for (let c = 0; c < window.cols; c++) {
    const col = window.col0 + c;
    const centreX = (col + 0.5) / CELLS_PER_DEGREE - 180;
    let r = 0;
    while (r < window.rows) {
      if (edge[c * window.rows + r]) {
        r++;
        continue;
      }
      const start = r;
      while (r < window.rows && !edge[c * window.rows + r]) r++;
      const centreY = (window.row0 + start + 0.5) / CELLS_PER_DEGREE - 90;
      if (pointInArea(area, centreX, centreY)) for (let k = start; k < r; k++) ids.push(col * GRID_ROWS + window.row0 + k);
    }
  }
  return ids;
}

function edgeCells(edge: Uint8Array, window: Window): number[] {
  const ids: number[] = [];
  for (let c = 0; c < window.cols; c++) {
    const base = (window.col0 + c) * GRID_ROWS + window.row0;
    for (let r = 0; r < window.rows; r++) if (edge[c * window.rows + r]) ids.push(base + r);
  }
  return ids;
}
