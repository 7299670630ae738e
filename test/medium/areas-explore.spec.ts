import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { connect, createTestDatabase, type TestDatabase } from '../support/database.js';
import { pointInRing } from '../../src/areas/point-in-area.js';
import { polygonLiteral } from '../../src/areas/area-sql.js';
import type { Ring } from '../../src/areas/area.types.js';

function distToSeg(px: number, py: number, a: number[], b: number[]) {
  const dx = b[0]! - a[0]!, dy = b[1]! - a[1]!;
  const l2 = dx * dx + dy * dy;
  let t = l2 === 0 ? 0 : ((px - a[0]!) * dx + (py - a[1]!) * dy) / l2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(px - (a[0]! + t * dx), py - (a[1]! + t * dy));
}
function naive(ring: Ring, x: number, y: number) {
  for (let i = 0; i < ring.length - 1; i++) if (distToSeg(x, y, ring[i]!, ring[i + 1]!) <= 1e-6) return true;
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i]!; const [xj, yj] = ring[j]!;
    if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

describe('explore', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => { db = await createTestDatabase(); ds = await connect(db); });
  afterAll(async () => { await ds.destroy(); await db.drop(); });

  it('concrete', async () => {
    const q = async (poly: string, x: number, y: number) => (await ds.query(`SELECT point($2::float8,$3::float8) <@ $1::polygon AS r`, [poly, String(x), String(y)]))[0].r;
    console.log({
      vertical10_out_0_5e6: await q('((0,0),(10,0),(10,10),(0,10))', 10 + 0.5e-6, 5),
      vertical10_in_side_0_5e6: await q('((0,0),(10,0),(10,10),(0,10))', 10 - 0.5e-6, 5),
      vertical_short_out_0_5e6: await q('((0,0),(10,0),(10,0.5),(0,0.5))', 10 + 0.9e-6, 0.25),
      horizontal10_out_0_9e6: await q('((0,0),(10,0),(10,10),(0,10))', 5, -0.9e-6),
      diag_out_0_5e6: await q('((0,0),(10,0),(0,10))', 5 + 0.35e-6, 5 + 0.35e-6),
      tiny_far_out: await q('((0,0),(1e-4,0),(0,1e-4))', 0.8e-4, 0.8e-4),
      tiny_far_out_beyond_bbox: await q('((0,0),(1e-4,0),(0,1e-4))', 1.1e-4, 1.1e-4),
      vertex_corner_box: await q('((0,0),(10,0),(10,10),(0,10))', -0.9e-6, -0.9e-6),
      vertex_corner_box_12: await q('((0,0),(10,0),(10,10),(0,10))', -1.2e-6, -0.2e-6),
      medium_100m_triangle: await q('((0,0),(1e-3,0),(0,1e-3))', 0.9e-3, 0.9e-3),
      medium_1km_triangle: await q('((0,0),(1e-2,0),(0,1e-2))', 0.6e-2, 0.6e-2),
    });
  });

  it('compares', async () => {
    console.log(await ds.query('select version()'));
    const rings: [string, Ring][] = [
      ['square10', [[0,0],[10,0],[10,10],[0,10],[0,0]]],
      ['diag', [[0,0],[10,3],[4,10],[0,0]]],
      ['tiny', [[0,0],[1e-4,0.3e-4],[0.4e-4,1e-4],[0,0]]],
      ['vertical-long', [[0,0],[1,0],[1,40],[0,40],[0,0]]],
    ];
    for (const [name, ring] of rings) {
      const xs: number[] = [], ys: number[] = [];
      for (let k = 0; k < 20000; k++) {
        const i = Math.floor(Math.random() * (ring.length - 1));
        const a = ring[i]!, b = ring[i + 1]!;
        const t = Math.random();
        const scale = [0, 0.3e-6, 0.5e-6, 0.9e-6, 1e-6, 1.5e-6, 2e-6, 5e-6, 1e-5, 1e-3][Math.floor(Math.random() * 10)]!;
        const ang = Math.random() * 2 * Math.PI;
        const r = k % 5 === 0 ? 0 : Math.random();
        xs.push(a[0]! + t * (b[0]! - a[0]!) * (k % 7 === 0 ? 0 : 1) + scale * Math.cos(ang) * (r || 1));
        ys.push(a[1]! + t * (b[1]! - a[1]!) * (k % 7 === 0 ? 0 : 1) + scale * Math.sin(ang) * (r || 1));
      }
      const rows: { i: string; inside: boolean }[] = await ds.query(
        `SELECT i, point(x, y) <@ $1::polygon AS inside FROM unnest($2::float8[], $3::float8[]) WITH ORDINALITY t(x, y, i) ORDER BY i`,
        [polygonLiteral(ring), xs.map(String), ys.map(String)],
      );
      let portDiff = 0, naiveDiff = 0, inside = 0;
      rows.forEach((row, k) => {
        if (row.inside) inside++;
        if (pointInRing(ring, xs[k]!, ys[k]!) !== row.inside) portDiff++;
        if (naive(ring, xs[k]!, ys[k]!) !== row.inside) naiveDiff++;
      });
      console.log(name, { n: rows.length, inside, portDiff, naiveDiff });
      expect(portDiff).toBe(0);
    }
  });
});
