import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { DispatchRepository } from '../../src/dispatch/dispatch.repository.js';
import { FallbackRepository } from '../../src/dispatch/fallback.repository.js';
import { fallbackPolicy } from '../../src/dispatch/fallback-policy.js';
import { ReceiptsRepository } from '../../src/dispatch/receipts.repository.js';
import { connect, createTestDatabase, type TestDatabase } from '../support/database.js';

const CHANNELS = ['whatsapp', 'sms', 'email'];
const POLICY = fallbackPolicy(300);

interface Row {
  id: string;
  channel: string;
  recipient: string;
  status: string;
  fallback_of: string | null;
  fallback_due_at: Date | null;
}

describe('channel fallback (SQL)', () => {
  let db: TestDatabase;
  let dataSource: DataSource;
  let dispatch: DispatchRepository;
  let fallbacks: FallbackRepository;
  let receipts: ReceiptsRepository;
  let runId: string;
  let seq = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await connect(db);
    dispatch = new DispatchRepository(dataSource);
    fallbacks = new FallbackRepository(dataSource);
    receipts = new ReceiptsRepository(dataSource, loadConfig({ DATABASE_URL: db.url, BEACON_FALLBACK_AFTER_SECONDS: '300' }));
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });
  beforeEach(async () => {
    runId = await dataSource.transaction((manager) => dispatch.createRun(manager, { priority: 20, messages: { en: 'Go uphill.' }, defaultLanguage: 'en' }));
  });

  /** A person with these channels (preference order) and a first delivery on the first one. */
  async function person(channels: string[], extra: { email?: string; status?: string } = {}): Promise<{ subscriberId: string; deliveryId: string }> {
    seq++;
    const phone = `+4477${String(seq).padStart(8, '0')}`;
    const [subscriber] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO subscriber (phone, email, language, channels, consent_source, consent_at, status) VALUES ($1, $2, 'en', $3, 'test', now(), $4) RETURNING id`,
      [phone, extra.email ?? null, channels, extra.status ?? 'active'],
    );
    const [delivery] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO delivery (run_id, subscriber_id, channel, recipient, language, priority, status, attempts) VALUES ($1, $2, $3, $4, 'en', 20, 'sending', 1) RETURNING id::text`,
      [runId, subscriber!.id, channels[0], phone],
    );
    return { subscriberId: subscriber!.id, deliveryId: delivery!.id };
  }

  const rowsOf = (subscriberId: string): Promise<Row[]> =>
    dataSource.query(`SELECT d.id::text, d.channel, d.recipient, d.status, d.fallback_of::text, d.fallback_due_at FROM delivery d WHERE d.subscriber_id = $1 ORDER BY d.id`, [subscriberId]);

  const failPermanently = (id: string, code = '131026') =>
    dispatch.recordOutcomes([{ id, kind: 'failed', senderId: 'sender-1', code, message: 'undeliverable' }], POLICY);

  it('sends a permanent failure on to the next channel, once', async () => {
    const { subscriberId, deliveryId } = await person(['whatsapp', 'sms']);
    await failPermanently(deliveryId);
    expect((await rowsOf(subscriberId))[0]!.fallback_due_at).not.toBeNull();

    const first = await fallbacks.fallBackDue(CHANNELS, 100);
    const again = await fallbacks.fallBackDue(CHANNELS, 100);

    expect(first).toEqual({ decided: 1, fallbacks: 1 });
    expect(again).toEqual({ decided: 0, fallbacks: 0 });
    const rows = await rowsOf(subscriberId);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ channel: 'whatsapp', status: 'failed', fallback_due_at: null });
    expect(rows[1]).toMatchObject({ channel: 'sms', status: 'queued', fallback_of: deliveryId, recipient: rows[0]!.recipient });
    expect((await dispatch.progress(runId)).fallbacks).toBe(1);
    expect((await dispatch.progress(runId)).targeted).toBe(1);
  });

  it('skips channels the person has no address for, and uses the email address for email', async () => {
    const noEmail = await person(['whatsapp', 'email', 'sms']);
    const withEmail = await person(['whatsapp', 'email', 'sms'], { email: `p${seq + 1}@example.org` });
    await failPermanently(noEmail.deliveryId);
    await failPermanently(withEmail.deliveryId);
    await fallbacks.fallBackDue(CHANNELS, 100);
    expect((await rowsOf(noEmail.subscriberId)).map((r) => r.channel)).toEqual(['whatsapp', 'sms']);
    const rows = await rowsOf(withEmail.subscriberId);
    expect(rows.map((r) => [r.channel, r.recipient])).toEqual([
      ['whatsapp', rows[0]!.recipient],
      ['email', `p${seq}@example.org`],
    ]);
  });

  it('walks the preference order: a failed fallback falls back in turn, and never to a channel Beacon cannot send on', async () => {
    const { subscriberId, deliveryId } = await person(['whatsapp', 'sms', 'email'], { email: `chain${seq + 1}@example.org` });
    await failPermanently(deliveryId);
    await fallbacks.fallBackDue(['whatsapp', 'sms'], 100);
    const sms = (await rowsOf(subscriberId))[1]!;
    await failPermanently(sms.id, '30003');
    expect(await fallbacks.fallBackDue(['whatsapp', 'sms'], 100)).toEqual({ decided: 1, fallbacks: 0 });
    expect((await rowsOf(subscriberId)).map((r) => r.channel)).toEqual(['whatsapp', 'sms']);
  });

  it("stays within the alert's channel filter: a channel the alert excluded is skipped", async () => {
    runId = await dataSource.transaction((manager) =>
      dispatch.createRun(manager, { priority: 20, messages: { en: 'Go uphill.' }, defaultLanguage: 'en', channels: ['whatsapp', 'email'] }),
    );
    const skipsSms = await person(['whatsapp', 'sms', 'email'], { email: `filtered${seq + 1}@example.org` });
    const onlySms = await person(['whatsapp', 'sms']);
    await failPermanently(skipsSms.deliveryId);
    await failPermanently(onlySms.deliveryId);
    expect(await fallbacks.fallBackDue(CHANNELS, 100)).toEqual({ decided: 2, fallbacks: 1 });
    expect((await rowsOf(skipsSms.subscriberId)).map((r) => r.channel)).toEqual(['whatsapp', 'email']);
    expect((await rowsOf(onlySms.subscriberId)).map((r) => r.channel)).toEqual(['whatsapp']);
  });

  it('confirming channels are configurable: a send on a channel that confirms nothing is not waited for', async () => {
    const smsOnly = fallbackPolicy(300, ['sms']);
    const { subscriberId, deliveryId } = await person(['whatsapp', 'sms']);
    await dispatch.recordOutcomes([{ id: deliveryId, kind: 'sent', senderId: 'sender-1', providerMessageId: `wamid.n${deliveryId}` }], smsOnly);
    expect((await rowsOf(subscriberId))[0]!.fallback_due_at).toBeNull();
  });

  it('does not fall back for a person without a next channel, a person who left, or an aborted send', async () => {
    const alone = await person(['whatsapp']);
    const stopped = await person(['whatsapp', 'sms'], { status: 'stopped' });
    const aborted = await person(['whatsapp', 'sms']);
    await failPermanently(alone.deliveryId);
    await failPermanently(stopped.deliveryId);
    await failPermanently(aborted.deliveryId, 'run_aborted');
    expect(await fallbacks.fallBackDue(CHANNELS, 100)).toEqual({ decided: 2, fallbacks: 0 });
    for (const who of [alone, stopped, aborted]) expect(await rowsOf(who.subscriberId)).toHaveLength(1);
  });

  it('waits while the run is paused', async () => {
    const { subscriberId, deliveryId } = await person(['whatsapp', 'sms']);
    await failPermanently(deliveryId);
    await dataSource.query(`UPDATE dispatch_run SET state = 'paused' WHERE id = $1`, [runId]);
    expect(await fallbacks.fallBackDue(CHANNELS, 100)).toEqual({ decided: 0, fallbacks: 0 });
    await dataSource.query(`UPDATE dispatch_run SET state = 'running' WHERE id = $1`, [runId]);
    expect(await fallbacks.fallBackDue(CHANNELS, 100)).toEqual({ decided: 1, fallbacks: 1 });
    expect(await rowsOf(subscriberId)).toHaveLength(2);
  });

  it('falls back a send not confirmed delivered in time, and not one confirmed', async () => {
    const late = await person(['whatsapp', 'sms']);
    const confirmed = await person(['whatsapp', 'sms']);
    for (const who of [late, confirmed]) {
      await dispatch.recordOutcomes([{ id: who.deliveryId, kind: 'sent', senderId: 'sender-1', providerMessageId: `wamid.${who.deliveryId}` }], POLICY);
    }
    const [due] = await rowsOf(late.subscriberId);
    expect(due!.fallback_due_at!.getTime()).toBeGreaterThan(Date.now() + 250_000);
    expect(await fallbacks.fallBackDue(CHANNELS, 100)).toEqual({ decided: 0, fallbacks: 0 });

    await receipts.applyStatusUpdates([{ deliveryId: confirmed.deliveryId, providerMessageId: `wamid.${confirmed.deliveryId}`, status: 'delivered', at: new Date() }]);
    expect((await rowsOf(confirmed.subscriberId))[0]!.fallback_due_at).toBeNull();

    // The wait is over (moved back rather than waited for).
    await dataSource.query(`UPDATE delivery SET fallback_due_at = now() - interval '1 second' WHERE fallback_due_at IS NOT NULL`);
    expect(await fallbacks.fallBackDue(CHANNELS, 100)).toEqual({ decided: 1, fallbacks: 1 });
    expect((await rowsOf(late.subscriberId)).map((r) => [r.channel, r.status])).toEqual([
      ['whatsapp', 'sent'],
      ['sms', 'queued'],
    ]);
    expect(await rowsOf(confirmed.subscriberId)).toHaveLength(1);
  });

  it('a failed status webhook makes the fallback due at once', async () => {
    const { subscriberId, deliveryId } = await person(['whatsapp', 'sms']);
    await dispatch.recordOutcomes([{ id: deliveryId, kind: 'sent', senderId: 'sender-1', providerMessageId: `wamid.f${deliveryId}` }], POLICY);
    await receipts.applyStatusUpdates([{ deliveryId, providerMessageId: `wamid.f${deliveryId}`, status: 'failed', at: new Date(), errorCode: '131026' }]);
    expect(await fallbacks.fallBackDue(CHANNELS, 100)).toEqual({ decided: 1, fallbacks: 1 });
    expect((await rowsOf(subscriberId)).map((r) => r.channel)).toEqual(['whatsapp', 'sms']);
  });

  it('inserts each fallback once when several processes sweep at the same time', async () => {
    const people = await Promise.all(Array.from({ length: 50 }, () => person(['whatsapp', 'sms'])));
    await dispatch.recordOutcomes(
      people.map((p) => ({ id: p.deliveryId, kind: 'failed' as const, senderId: 'sender-1', code: '131026', message: 'undeliverable' })),
      POLICY,
    );
    const results = await Promise.all(Array.from({ length: 4 }, () => fallbacks.fallBackDue(CHANNELS, 7)));
    let total = results.reduce((sum, r) => sum + r.fallbacks, 0);
    for (;;) {
      const more = await fallbacks.fallBackDue(CHANNELS, 7);
      total += more.fallbacks;
      if (more.decided === 0) break;
    }
    expect(total).toBe(50);
    const [count] = await dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM delivery WHERE run_id = $1 AND fallback_of IS NOT NULL`, [runId]);
    expect(count!.n).toBe(50);
  });

  it('keeps a run open while a fallback may still come, and completes it once none can', async () => {
    runId = await dataSource.transaction((manager) =>
      dispatch.createRun(manager, { priority: 20, messages: { en: 'Go uphill.' }, defaultLanguage: 'en', channels: ['whatsapp', 'sms'] }),
    );
    const waiting = await person(['whatsapp', 'sms']);
    const alone = await person(['whatsapp']);
    const filteredOut = await person(['whatsapp', 'email'], { email: `out${seq + 1}@example.org` });
    for (const who of [waiting, alone, filteredOut]) {
      await dispatch.recordOutcomes([{ id: who.deliveryId, kind: 'sent', senderId: 'sender-1', providerMessageId: `wamid.c${who.deliveryId}` }], POLICY);
    }
    await fallbacks.dropHopeless(CHANNELS);
    expect((await rowsOf(alone.subscriberId))[0]!.fallback_due_at).toBeNull();
    expect((await rowsOf(filteredOut.subscriberId))[0]!.fallback_due_at).toBeNull();
    expect((await rowsOf(waiting.subscriberId))[0]!.fallback_due_at).not.toBeNull();
    expect(await dispatch.completeFinishedRuns()).not.toContain(runId);

    await receipts.applyStatusUpdates([{ deliveryId: waiting.deliveryId, providerMessageId: `wamid.c${waiting.deliveryId}`, status: 'read', at: new Date() }]);
    expect(await dispatch.completeFinishedRuns()).toContain(runId);
  });
});
