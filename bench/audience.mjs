// Audience benchmark: seeds subscribers through the bulk import, then times a preview of an area
// holding about half of them, the freeze into `delivery`, and the floor (a bare INSERT ... SELECT of
// the same rows into a table with the same indexes), and the first slice of a staged freeze (what an
// approval waits for); then the preview and freeze of a real county outline (Bavaria, 1,068 vertices,
// from ../shared/data/areas/), which goes through the grid cells. Run with `npm run bench -- audience`;
// BENCH_SCALE=0.1 runs at a tenth of the size; BENCH_DATABASE_URL uses an existing server.
import 'reflect-metadata';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { AreasService } from '../dist/src/areas/areas.service.js';
import { pointInArea } from '../dist/src/areas/point-in-area.js';
import { normalizeArea } from '../dist/src/areas/validate-area.js';
import { AreaLibraryRepository } from '../dist/src/areas/library/area-library.repository.js';
import { AreaLibraryService } from '../dist/src/areas/library/area-library.service.js';
import { AudienceRepository } from '../dist/src/audience/audience.repository.js';
import { AuditRepository } from '../dist/src/audit/audit.repository.js';
import { AuditService } from '../dist/src/audit/audit.service.js';
import { openDatabase } from '../dist/src/database/data-source.js';
import { startEmbeddedPostgres } from '../dist/src/database/embedded-postgres.js';
import { SubscriberImportRepository } from '../dist/src/subscribers/import/subscriber-import.repository.js';
import { SubscriberImportService } from '../dist/src/subscribers/import/subscriber-import.service.js';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const SUBSCRIBERS = Math.round(1_000_000 * scale);
const ROUNDS = 3;
const log = (...args) => console.error('[bench:audience]', ...args);

/** mulberry32: the same seed gives the same country every run. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Germany-sized extent: 60% of people around 40 towns, 40% spread out; 1.3 locations each on average. */
function generate(count) {
  const rnd = random(20261125);
  const extent = { minLon: 5.9, maxLon: 15.0, minLat: 47.3, maxLat: 55.0 };
  const towns = Array.from({ length: 40 }, () => [extent.minLon + rnd() * (extent.maxLon - extent.minLon), extent.minLat + rnd() * (extent.maxLat - extent.minLat), 0.05 + rnd() * 0.25]);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const place = () => {
    if (rnd() < 0.6) {
      const [lon, lat, spread] = towns[Math.floor(rnd() * towns.length)];
      return [clamp(lon + gauss() * spread, extent.minLon, extent.maxLon), clamp(lat + gauss() * spread * 0.65, extent.minLat, extent.maxLat)];
    }
    return [extent.minLon + rnd() * (extent.maxLon - extent.minLon), extent.minLat + rnd() * (extent.maxLat - extent.minLat)];
  };
  const people = [];
  for (let k = 0; k < count; k++) {
    const locations = rnd() < 0.3 ? [place(), place()] : [place()];
    const c = rnd();
    const channels = c < 0.8 ? ['whatsapp'] : c < 0.95 ? ['sms', 'whatsapp'] : ['sms'];
    const l = rnd();
    const language = l < 0.85 ? 'de' : l < 0.93 ? 'en' : 'tr';
    const tags = rnd() < 0.05 ? ['needs-assistance'] : [];
    people.push({ phone: `+4915${String(k).padStart(9, '0')}`, locations, channels, language, tags });
  }
  return { people, extent };
}

function* csvChunks(people) {
  yield 'phone,language,channels,locations,tags,consent_source,consent_at\n';
  let chunk = '';
  for (const p of people) {
    chunk += `${p.phone},${p.language},${p.channels.join('|')},${p.locations.map(([lon, lat]) => `${lat} ${lon}`).join(';')},${p.tags.join('|')},migration,2026-10-01T10:00:00Z\n`;
    if (chunk.length > 65536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

async function* asAsync(iterable) {
  for (const item of iterable) yield item;
}

/** `../shared/data` beside the repository, as the tests find it. */
const SHARED_DATA = process.env.BEACON_SHARED_DATA ?? path.join(import.meta.dirname, '../../shared/data');

async function bavaria() {
  const states = JSON.parse(await readFile(path.join(SHARED_DATA, 'areas/isellsoap_2_bundeslaender_3_mittel.geo.json'), 'utf8'));
  return normalizeArea({ polygons: [states.features.find((f) => f.properties.name === 'Bayern').geometry] });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value) => Math.round(value * 10) / 10;

async function main() {
  const loadBefore = os.loadavg()[0];
  let stopServer = async () => {};
  let adminUrl = process.env.BENCH_DATABASE_URL;
  let dir;
  if (!adminUrl) {
    dir = await mkdtemp(path.join(os.tmpdir(), 'beacon-bench-'));
    const server = await startEmbeddedPostgres(dir);
    adminUrl = server.url;
    stopServer = () => server.stop();
  }
  const dbName = `beacon_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const dataSource = await openDatabase(url.toString(), 4);
  try {
    log(`generating ${SUBSCRIBERS} subscribers`);
    const { people, extent } = generate(SUBSCRIBERS);
    const audit = new AuditService(new AuditRepository(dataSource));
    const importer = new SubscriberImportService(dataSource, new SubscriberImportRepository(), audit);
    let started = performance.now();
    const imported = await importer.import('bench', 'csv', asAsync(csvChunks(people)));
    const importMs = performance.now() - started;
    const locations = people.reduce((sum, p) => sum + p.locations.length, 0);
    log(`imported ${imported.imported} subscribers (${locations} locations) in ${round(importMs)} ms; errors: ${imported.rejected}`);
    for (const table of ['subscriber', 'subscriber_location', 'audience_member', 'audience_member_location']) await dataSource.query(`VACUUM ANALYZE ${table}`);

    // The area: everything west of the median of each person's westernmost location, so ~50% of people.
    const west = people.map((p) => Math.min(...p.locations.map(([lon]) => lon))).sort((a, b) => a - b);
    const cut = west[Math.floor(west.length / 2)];
    const area = normalizeArea({ polygons: [{ type: 'Polygon', coordinates: [[[extent.minLon - 0.1, extent.minLat - 0.1], [cut, extent.minLat - 0.1], [cut, extent.maxLat + 0.1], [extent.minLon - 0.1, extent.maxLat + 0.1], [extent.minLon - 0.1, extent.minLat - 0.1]]] }] });
    const reference = people.filter((p) => p.channels.includes('whatsapp') && p.locations.some(([lon, lat]) => pointInArea(area, lon, lat))).length;

    const library = new AreaLibraryService(dataSource, new AreaLibraryRepository(dataSource), new AreasService(), audit);
    const audience = new AudienceRepository(library);
    const channels = ['whatsapp'];
    const previewTimes = [];
    let preview;
    for (let k = 0; k <= ROUNDS; k++) {
      started = performance.now();
      preview = await audience.preview(dataSource.manager, { area, channels });
      if (k > 0) previewTimes.push(performance.now() - started); // round 0 warms the cache
    }
    log(`preview: ${preview.total} people (${round((100 * preview.total) / SUBSCRIBERS)}%), ${previewTimes.map(round).join(' / ')} ms`);

    await dataSource.query(`CREATE TABLE delivery_floor (LIKE delivery INCLUDING ALL)`);
    // The same foreign keys as delivery too (LIKE copies none): every row pays the same checks.
    const foreignKeys = await dataSource.query(`SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'delivery'::regclass AND contype = 'f'`);
    for (const { conname, def } of foreignKeys) {
      await dataSource.query(`ALTER TABLE delivery_floor ADD CONSTRAINT ${conname.replace(/^delivery_/, 'delivery_floor_')} ${def.replace('REFERENCES delivery(', 'REFERENCES delivery_floor(')}`);
    }
    const freezeTimes = [];
    const floorTimes = [];
    let frozen = 0;
    for (let k = 0; k < ROUNDS; k++) {
      const [{ id: runId }] = await dataSource.query(`INSERT INTO dispatch_run (priority, messages, default_language, state) VALUES (1, '{"de":"x"}', 'de', 'paused') RETURNING id`);
      started = performance.now();
      frozen = await dataSource.transaction((manager) => audience.freeze(manager, { runId, area, priority: 1, channels }));
      freezeTimes.push(performance.now() - started);
      started = performance.now();
      await dataSource.transaction((manager) =>
        manager.query(
          `INSERT INTO delivery_floor (run_id, subscriber_id, channel, recipient, language, priority)
           SELECT run_id, subscriber_id, channel, recipient, language, priority FROM delivery WHERE run_id = $1`,
          [runId],
        ),
      );
      floorTimes.push(performance.now() - started);
      log(`round ${k + 1}: freeze ${round(freezeTimes[k])} ms, floor ${round(floorTimes[k])} ms (${frozen} rows)`);
    }
    const freezeMs = median(freezeTimes);
    const floorMs = median(floorTimes);

    // The staged freeze of an approval: the first slice in the approval transaction, the rest after.
    const [{ id: stagedRun }] = await dataSource.query(`INSERT INTO dispatch_run (priority, messages, default_language, state) VALUES (1, '{"de":"x"}', 'de', 'paused') RETURNING id`);
    started = performance.now();
    const first = await dataSource.transaction((manager) => audience.freezeFirstSlice(manager, { runId: stagedRun, area, priority: 1, channels }));
    const firstSliceMs = performance.now() - started;
    started = performance.now();
    const rest = first.pending ? await dataSource.transaction((manager) => audience.freezeRest(manager, stagedRun)) : 0;
    const restMs = performance.now() - started;
    log(`staged: first slice ${first.frozen} in ${round(firstSliceMs)} ms, the rest ${rest} in ${round(restMs)} ms`);

    // A real outline: hundreds of vertices, answered by grid cells (see src/areas/area-grid.ts).
    const county = await bavaria();
    const countyVertices = county.parts.reduce((sum, part) => sum + part.outer.length - 1 + part.holes.reduce((n, hole) => n + hole.length - 1, 0), 0);
    const countyReference = people.filter((p) => p.channels.includes('whatsapp') && p.locations.some(([lon, lat]) => pointInArea(county, lon, lat))).length;
    const complexPreviewTimes = [];
    let complexPreview;
    for (let k = 0; k <= ROUNDS; k++) {
      started = performance.now();
      complexPreview = await audience.preview(dataSource.manager, { area: county, channels });
      if (k > 0) complexPreviewTimes.push(performance.now() - started);
    }
    const complexFreezeTimes = [];
    let complexFrozen = 0;
    for (let k = 0; k < ROUNDS; k++) {
      const [{ id: runId }] = await dataSource.query(`INSERT INTO dispatch_run (priority, messages, default_language, state) VALUES (1, '{"de":"x"}', 'de', 'paused') RETURNING id`);
      started = performance.now();
      complexFrozen = await dataSource.transaction((manager) => audience.freeze(manager, { runId, area: county, priority: 1, channels }));
      complexFreezeTimes.push(performance.now() - started);
    }
    log(`Bavaria (${countyVertices} vertices): preview ${complexPreview.total} in ${complexPreviewTimes.map(round).join(' / ')} ms, freeze ${complexFrozen} in ${complexFreezeTimes.map(round).join(' / ')} ms`);
    const result = {
      bench: 'audience',
      subscribers: SUBSCRIBERS,
      locations,
      audience: frozen,
      exact: frozen === reference && preview.total === reference && first.frozen + rest === reference,
      previewMs: round(median(previewTimes)),
      freezeMs: round(freezeMs),
      floorMs: round(floorMs),
      freezeToFloor: Math.round((freezeMs / floorMs) * 100) / 100,
      firstSliceMs: round(firstSliceMs),
      restMs: round(restMs),
      complexVertices: countyVertices,
      complexAudience: complexFrozen,
      complexExact: complexFrozen === countyReference && complexPreview.total === countyReference,
      complexPreviewMs: round(median(complexPreviewTimes)),
      complexFreezeMs: round(median(complexFreezeTimes)),
      importRowsPerSec: Math.round(SUBSCRIBERS / (importMs / 1000)),
      // The machine is shared: the 1-minute load average before and after says how much.
      loadAverage: [round(loadBefore), round(os.loadavg()[0])],
    };
    console.log(JSON.stringify(result));
  } finally {
    await dataSource.destroy();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    await stopServer();
    if (dir) await rm(dir, { recursive: true, force: true });
  }
}

await main();
