import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AreasService } from '../../src/areas/areas.service.js';
import { AreaLibraryRepository } from '../../src/areas/library/area-library.repository.js';
import { AreaLibraryService } from '../../src/areas/library/area-library.service.js';
import { normalizeArea } from '../../src/areas/validate-area.js';
import { AudienceRepository, type FreezeSpec } from '../../src/audience/audience.repository.js';
import { AuditRepository } from '../../src/audit/audit.repository.js';
import { AuditService } from '../../src/audit/audit.service.js';
import { connect, createTestDatabase, type TestDatabase } from '../support/database.js';

interface PersonSpec {
  name: string;
  at: [number, number];
  channels: string[];
  phone?: string | null;
  email?: string | null;
  status?: string;
}

/** A box around (0..1, 0..1): the "new area" of an update. */
const AREA = normalizeArea({ polygons: [{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }] });

describe('audience: people reached by earlier runs, and addresses per channel', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let audience: AudienceRepository;
  const ids = new Map<string, string>();

  async function person(spec: PersonSpec): Promise<void> {
    const phone = spec.phone === undefined ? `+4915${String(ids.size).padStart(9, '0')}` : spec.phone;
    const [row] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO subscriber (phone, email, language, channels, status, consent_source, consent_at) VALUES ($1, $2, 'en', $3, $4, 'test', now()) RETURNING id`,
      [phone, spec.email ?? null, spec.channels, spec.status ?? 'active'],
    );
    await dataSource.query(`INSERT INTO subscriber_location (subscriber_id, position) VALUES ($1, $2::point)`, [row!.id, `(${spec.at[0]},${spec.at[1]})`]);
    ids.set(spec.name, row!.id);
  }

  async function newRun(): Promise<string> {
    const [run] = await dataSource.query<{ id: string }[]>(`INSERT INTO dispatch_run (priority, messages, default_language, state) VALUES (1, '{}', 'en', 'paused') RETURNING id`);
    return run!.id;
  }

  /** An earlier run with one delivery per entry, in the given status. */
  async function earlierRun(deliveries: [name: string, channel: string, status: string][]): Promise<string> {
    const runId = await newRun();
    for (const [name, channel, status] of deliveries) {
      await dataSource.query(`INSERT INTO delivery (run_id, subscriber_id, channel, recipient, language, priority, status) VALUES ($1, $2, $3, 'x', 'en', 1, $4)`, [
        runId,
        ids.get(name),
        channel,
        status,
      ]);
    }
    return runId;
  }

  async function freeze(spec: Omit<FreezeSpec, 'runId' | 'priority'>): Promise<Map<string, { channel: string; recipient: string }>> {
    const runId = await newRun();
    const count = await dataSource.transaction((manager) => audience.freeze(manager, { ...spec, runId, priority: 1 }));
    const rows: { subscriber_id: string; channel: string; recipient: string }[] = await dataSource.query(`SELECT subscriber_id, channel, recipient FROM delivery WHERE run_id = $1`, [runId]);
    expect(rows).toHaveLength(count);
    const names = new Map([...ids].map(([name, id]) => [id, name]));
    return new Map(rows.map((row) => [names.get(row.subscriber_id)!, { channel: row.channel, recipient: row.recipient }]));
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await connect(db);
    const audit = new AuditService(new AuditRepository(dataSource));
    audience = new AudienceRepository(new AreaLibraryService(dataSource, new AreaLibraryRepository(dataSource), new AreasService(), audit));
    await person({ name: 'reachedOutside', at: [5, 5], channels: ['whatsapp', 'sms'] });
    await person({ name: 'reachedBySmsInside', at: [0.5, 0.5], channels: ['whatsapp', 'sms'] });
    await person({ name: 'reachedTwice', at: [5, 5], channels: ['whatsapp', 'sms'] });
    await person({ name: 'failedEarlier', at: [5, 5], channels: ['whatsapp'] });
    await person({ name: 'queuedEarlier', at: [5, 5], channels: ['whatsapp'] });
    await person({ name: 'stoppedSince', at: [0.5, 0.5], channels: ['whatsapp'] });
    await person({ name: 'newInside', at: [0.2, 0.2], channels: ['sms', 'whatsapp'] });
    await person({ name: 'emailFirst', at: [0.3, 0.3], channels: ['email', 'whatsapp'], email: 'first@example.org' });
    await person({ name: 'emailWithoutAddress', at: [0.4, 0.4], channels: ['email', 'whatsapp'] });
    await person({ name: 'emailOnly', at: [0.6, 0.6], channels: ['email', 'sms'], phone: null, email: 'only@example.org' });
    await person({ name: 'nothingToReach', at: [0.7, 0.7], channels: ['email'] });
    await person({ name: 'outside', at: [3, 3], channels: ['whatsapp'] });
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('picks the first preferred channel Beacon can send on and the person has an address for', async () => {
    const frozen = await freeze({ area: AREA, channels: ['whatsapp', 'sms', 'email'] });
    expect(Object.fromEntries([...frozen].map(([name, d]) => [name, d.channel]))).toEqual({
      reachedBySmsInside: 'whatsapp',
      stoppedSince: 'whatsapp', // not yet stopped
      newInside: 'sms',
      emailFirst: 'email',
      emailWithoutAddress: 'whatsapp',
      emailOnly: 'email',
    });
    expect(frozen.get('emailFirst')!.recipient).toBe('first@example.org');
    expect(frozen.get('emailOnly')!.recipient).toBe('only@example.org');
    expect(frozen.get('newInside')!.recipient).toMatch(/^\+4915/);
  });

  it('adds everyone reached by earlier runs, once, on the channel that reached them', async () => {
    const first = await earlierRun([
      ['reachedOutside', 'whatsapp', 'delivered'],
      ['reachedBySmsInside', 'sms', 'read'],
      ['reachedTwice', 'whatsapp', 'sent'],
      ['failedEarlier', 'whatsapp', 'failed'],
      ['queuedEarlier', 'whatsapp', 'queued'],
      ['stoppedSince', 'whatsapp', 'delivered'],
    ]);
    const second = await earlierRun([['reachedTwice', 'sms', 'delivered']]);
    await dataSource.query(`UPDATE subscriber SET status = 'stopped' WHERE id = $1`, [ids.get('stoppedSince')]);

    const update = await freeze({ area: AREA, channels: ['whatsapp', 'sms', 'email'], reachedByRuns: [first, second] });
    expect(Object.fromEntries([...update].map(([name, d]) => [name, d.channel]))).toEqual({
      reachedOutside: 'whatsapp',
      reachedBySmsInside: 'sms', // reached earlier by SMS: keeps it although WhatsApp comes first for the area
      reachedTwice: 'sms', // the latest delivery that reached them
      newInside: 'sms',
      emailFirst: 'email',
      emailWithoutAddress: 'whatsapp',
      emailOnly: 'email',
    });

    const cancel = await freeze({ area: null, channels: ['whatsapp', 'sms'], reachedByRuns: [first, second] });
    expect(Object.fromEntries([...cancel].map(([name, d]) => [name, d.channel]))).toEqual({ reachedOutside: 'whatsapp', reachedBySmsInside: 'sms', reachedTwice: 'sms' });
  });

  it('falls back to the preferred channel when the one that reached them is gone; filters apply to the area only', async () => {
    const earlier = await earlierRun([['reachedOutside', 'whatsapp', 'delivered']]);
    const frozen = await freeze({ area: AREA, channels: ['sms'], filters: { languages: ['de'] }, reachedByRuns: [earlier] });
    expect(Object.fromEntries([...frozen].map(([name, d]) => [name, d.channel]))).toEqual({ reachedOutside: 'sms' });
  });

  it('keeps to the required tags (an Exercise) for people reached earlier too', async () => {
    const earlier = await earlierRun([['reachedOutside', 'whatsapp', 'delivered'], ['reachedBySmsInside', 'sms', 'read']]);
    await dataSource.query(`UPDATE subscriber SET tags = '{test-recipient}' WHERE id = ANY($1::uuid[])`, [[ids.get('reachedOutside'), ids.get('newInside')]]);
    const frozen = await freeze({ area: AREA, channels: ['whatsapp', 'sms', 'email'], filters: { requiredTags: ['test-recipient'] }, reachedByRuns: [earlier] });
    expect(Object.fromEntries([...frozen].map(([name, d]) => [name, d.channel]))).toEqual({ reachedOutside: 'whatsapp', newInside: 'sms' });
    await dataSource.query(`UPDATE subscriber SET tags = '{}'`);
  });

  it('previews the same audience as it freezes', async () => {
    const earlier = await earlierRun([['reachedOutside', 'whatsapp', 'delivered'], ['reachedBySmsInside', 'sms', 'read']]);
    const spec = { area: AREA, channels: ['whatsapp', 'sms', 'email'], reachedByRuns: [earlier] };
    const frozen = await freeze(spec);
    const preview = await audience.preview(dataSource.manager, spec);
    expect(preview.total).toBe(frozen.size);
    expect(preview.byChannel).toEqual({ whatsapp: 2, sms: 2, email: 2 });
    const none = await audience.preview(dataSource.manager, { area: null, channels: ['whatsapp'] });
    expect(none.total).toBe(0);
  });
});
