import type { DataSource, EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormalizedArea } from '../../src/areas/area.types.js';
import { AreasService } from '../../src/areas/areas.service.js';
import { AreaLibraryRepository } from '../../src/areas/library/area-library.repository.js';
import { AreaLibraryService } from '../../src/areas/library/area-library.service.js';
import { normalizeArea } from '../../src/areas/validate-area.js';
import { AudienceRepository, type AudienceSpec } from '../../src/audience/audience.repository.js';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { DispatchRepository } from '../../src/dispatch/dispatch.repository.js';
import { connect, createTestDatabase, type TestDatabase } from '../support/database.js';
import { randomFrom } from '../support/random.js';

const CHANNELS = ['whatsapp', 'sms', 'email'];
const SLICE = 40;

const box = (x0: number, y0: number, x1: number, y1: number): NormalizedArea =>
  normalizeArea({ polygons: [{ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] }] });

describe('staged audience freeze', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let audience: AudienceRepository;
  let phones = 0;

  async function addPeople(count: number, random: () => number): Promise<string[]> {
    const ids: string[] = [];
    for (let k = 0; k < count; k++) {
      phones += 1;
      const channels = [['whatsapp'], ['sms', 'whatsapp'], ['email', 'sms']][Math.floor(random() * 3)]!;
      const [row] = await dataSource.query<{ id: string }[]>(
        `INSERT INTO subscriber (phone, email, language, channels, consent_source, consent_at) VALUES ($1, $2, 'en', $3, 'test', now()) RETURNING id`,
        [`+4916${String(phones).padStart(9, '0')}`, random() < 0.5 ? `s${phones}@example.org` : null, channels],
      );
      const locations = Array.from({ length: 1 + Math.floor(random() * 3) }, () => `(${random() * 10},${random() * 10})`);
      await dataSource.query(`INSERT INTO subscriber_location (subscriber_id, position) SELECT $1, unnest($2::text[])::point`, [row!.id, locations]);
      ids.push(row!.id);
    }
    return ids;
  }

  async function newRun(): Promise<string> {
    const [run] = await dataSource.query<{ id: string }[]>(`INSERT INTO dispatch_run (priority, messages, default_language, state) VALUES (1, '{}', 'en', 'running') RETURNING id`);
    return run!.id;
  }

  async function deliveries(runId: string): Promise<string[]> {
    const rows: { d: string }[] = await dataSource.query(`SELECT subscriber_id || ' ' || channel || ' ' || recipient AS d FROM delivery WHERE run_id = $1 ORDER BY 1`, [runId]);
    return rows.map((row) => row.d);
  }

  async function freezeState(runId: string): Promise<string> {
    const [row] = await dataSource.query<{ freeze_state: string }[]>(`SELECT freeze_state FROM dispatch_run WHERE id = $1`, [runId]);
    return row!.freeze_state;
  }

  const rest = (runId: string) => dataSource.transaction((manager) => audience.freezeRest(manager, runId));

  async function firstSlice(spec: AudienceSpec): Promise<{ runId: string; frozen: number; pending: boolean }> {
    const runId = await newRun();
    const first = await dataSource.transaction((manager: EntityManager) => audience.freezeFirstSlice(manager, { ...spec, runId, priority: 1 }, SLICE));
    return { runId, ...first };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await connect(db);
    const audit = new AuditService(new AuditRepository(dataSource));
    audience = new AudienceRepository(new AreaLibraryService(dataSource, new AreaLibraryRepository(dataSource), new AreasService(), audit));
    await addPeople(600, randomFrom(11));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('freezes in two steps exactly what one statement freezes, for areas and for people reached earlier', async () => {
    const earlier = await newRun();
    await dataSource.query(
      `INSERT INTO delivery (run_id, subscriber_id, channel, recipient, language, priority, status)
       SELECT $1, id, 'sms', phone, 'en', 1, 'delivered' FROM subscriber ORDER BY phone LIMIT 150`,
      [earlier],
    );
    const specs: AudienceSpec[] = [
      { area: box(0, 0, 6, 6), channels: CHANNELS },
      { area: box(2, 2, 3, 3), channels: CHANNELS },
      { area: box(0, 0, 10, 10), channels: ['whatsapp'], filters: { languages: ['en'] } },
      { area: box(5, 5, 9, 9), channels: CHANNELS, reachedByRuns: [earlier] },
      { area: null, channels: CHANNELS, reachedByRuns: [earlier] },
    ];
    for (const spec of specs) {
      const whole = await newRun();
      const count = await dataSource.transaction((manager) => audience.freeze(manager, { ...spec, runId: whole, priority: 1 }));
      const staged = await firstSlice(spec);
      expect(staged.frozen).toBe(Math.min(SLICE, count));
      expect(staged.pending).toBe(count >= SLICE);
      expect(await freezeState(staged.runId)).toBe(staged.pending ? 'pending' : 'complete');
      if (staged.pending) expect(await rest(staged.runId)).toBe(count - SLICE);
      expect(await freezeState(staged.runId)).toBe('complete');
      expect(await deliveries(staged.runId)).toEqual(await deliveries(whole));
    }
  });

  it('is idempotent, skips what another process holds, and keeps to the audience at approval', async () => {
    const area = box(0, 0, 10, 10);
    const staged = await firstSlice({ area, channels: CHANNELS });
    expect(staged.pending).toBe(true);
    // Another process is finishing it: its lock makes this one skip.
    const runner = dataSource.createQueryRunner();
    await runner.startTransaction();
    await runner.query(`SELECT 1 FROM audience_freeze WHERE run_id = $1 FOR UPDATE`, [staged.runId]);
    expect(await rest(staged.runId)).toBeUndefined();
    await runner.rollbackTransaction();
    await runner.release();
    // Changes after the approval: someone stops, someone new subscribes.
    const [stopper] = await dataSource.query<{ id: string }[]>(`SELECT subscriber_id AS id FROM audience_member ORDER BY subscriber_id DESC LIMIT 1`);
    await dataSource.query(`UPDATE subscriber SET status = 'stopped' WHERE id = $1`, [stopper!.id]);
    const [newcomer] = await addPeople(1, () => 0.5);
    const added = await rest(staged.runId);
    expect(await rest(staged.runId)).toBeUndefined();
    const frozen = await deliveries(staged.runId);
    expect(frozen).toHaveLength(staged.frozen + added!);
    expect(frozen.some((d) => d.startsWith(stopper!.id))).toBe(false);
    expect(frozen.some((d) => d.startsWith(newcomer!))).toBe(false);
    const active = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM subscriber WHERE status = 'active' AND id <> $1`, [newcomer]);
    expect(frozen).toHaveLength(active[0]!.n);
    await dataSource.query(`UPDATE subscriber SET status = 'active' WHERE id = $1`, [stopper!.id]);
  });

  it('adds nothing to a run aborted before the rest, but completes its freeze', async () => {
    const staged = await firstSlice({ area: box(0, 0, 10, 10), channels: CHANNELS });
    await dataSource.query(`UPDATE dispatch_run SET state = 'aborted' WHERE id = $1`, [staged.runId]);
    expect(await rest(staged.runId)).toBe(0);
    expect(await deliveries(staged.runId)).toHaveLength(SLICE);
    expect(await freezeState(staged.runId)).toBe('complete');
  });

  it('a run is not complete while its freeze is pending, even with nothing queued', async () => {
    const runs = new DispatchRepository(dataSource);
    const runId = await newRun();
    await dataSource.query(`UPDATE dispatch_run SET freeze_state = 'pending' WHERE id = $1`, [runId]);
    expect(await runs.completeFinishedRuns()).not.toContain(runId);
    await dataSource.query(`UPDATE dispatch_run SET freeze_state = 'complete' WHERE id = $1`, [runId]);
    expect(await runs.completeFinishedRuns()).toContain(runId);
  });
});
