import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { ImportBatch, STAGED_COLUMNS } from './import-batch.js';
import { TimeOrderedIds } from './time-ordered-id.js';

export interface BatchResult {
  inserted: number;
  updated: number;
  /** Rows refused because their email belongs to another subscriber. */
  rejected: { line: number; reason: string }[];
}

/**
 * Upserts batches of imported subscribers, set-based: a batch is streamed with COPY into a
 * temporary staging table (one per import, emptied per batch), then one statement per key (rows
 * with a phone by phone, rows with only an email by email) writes it. Subscribers already there are
 * found with one pass over the key's unique index and upserted; the others are inserted plainly
 * (no speculative insertion) with the ids the batch gave them. The locations of updated
 * subscribers are replaced, every location is inserted, and the audience
 * rows (`audience_member`, see migration 1765100000000) are written directly: the import tells the
 * triggers that keep that table to stand aside (beacon.audience_sync = deferred, for its
 * transaction only), since it has every value at hand. An existing subscriber keeps their id and
 * status (an import does not undo a STOP), and their email when the row gives none.
 *
 * Locations are written only for the subscribers the same statement inserted or updated, so they
 * exist and this transaction holds them: the import tells the trigger that checks a location's
 * subscriber (migration 1765300000000) that it need not (beacon.location_owners = held).
 *
 * A phone or email registered by another transaction while a batch is written makes the insert
 * fail on the unique index, and the whole import with it (see SubscriberImportService).
 */
@Injectable()
export class SubscriberImportRepository {
  private readonly ids = new TimeOrderedIds();
  /** Rows of a file mostly share a few consent times. */
  private readonly isoTimes = new Map<number, string>();

  /** Once per import transaction, before the first batch. */
  async begin(manager: EntityManager): Promise<void> {
    await manager.query(
      `SELECT set_config('beacon.audience_sync', 'deferred', true), set_config('beacon.location_owners', 'held', true),
              set_config('jit', 'off', true)`,
    );
    await manager.query(
      `CREATE TEMPORARY TABLE import_batch (
         line integer NOT NULL, id uuid NOT NULL, phone text, email text, language text NOT NULL, channels text[] NOT NULL, channel_list text NOT NULL,
         tags text[] NOT NULL, consent_source text NOT NULL, consent_at timestamptz NOT NULL, labels text[], positions point[] NOT NULL
       ) ON COMMIT DROP`,
    );
  }

  /** An empty batch whose rows get this repository's time-ordered ids. */
  newBatch(): ImportBatch {
    return new ImportBatch(this.ids, (at) => this.isoTime(at));
  }

  async upsertBatch(manager: EntityManager, batch: ImportBatch): Promise<BatchResult> {
    if (batch.size === 0) return { inserted: 0, updated: 0, rejected: [] };
    const client = (await manager.queryRunner!.connect()) as PoolClient;
    await client.query('TRUNCATE import_batch');
    await pipeline(Readable.from(batch.copyText()), client.query(copyFrom(`COPY import_batch (${STAGED_COLUMNS}) FROM STDIN`)));
    const byPhone = await this.upsert(manager, 'phone', batch.phones, batch.emailsWithPhone);
    const byEmail = batch.emailsWithoutPhone.length > 0 ? await this.upsert(manager, 'email', batch.emailsWithoutPhone, []) : { inserted: 0, updated: 0, refused: [] };
    return {
      inserted: byPhone.inserted + byEmail.inserted,
      updated: byPhone.updated + byEmail.updated,
      rejected: byPhone.refused.map((line) => ({ line, reason: 'email belongs to another subscriber' })),
    };
  }

  private isoTime(at: Date): string {
    let text = this.isoTimes.get(at.getTime());
    if (text === undefined) {
      if (this.isoTimes.size > 10_000) this.isoTimes.clear();
      text = at.toISOString();
      this.isoTimes.set(at.getTime(), text);
    }
    return text;
  }

  /**
   * One statement for the batch's rows keyed by `key`; `keys` are their phones (or emails), `emails`
   * the emails of rows that also give a phone. `taken`: rows whose email another subscriber (another
   * phone, or none) has: refused. `known`: the keys already registered; their rows are upserted, so a
   * subscriber updated meanwhile (a STOP) is updated as it is now, and one deleted meanwhile comes
   * back. `fresh`: the other rows, inserted. The key lists are parameters, so the planner knows their
   * length, and each lookup is one pass over a unique index. Then the old locations of updated
   * subscribers are deleted and every location is inserted (a row's locations one after another, in
   * file order, so their ids keep that order), and the audience rows of active subscribers are
   * written: their first two locations inline, further ones in `audience_member_location`.
   */
  private async upsert(
    manager: EntityManager,
    key: 'phone' | 'email',
    keys: readonly string[],
    emails: readonly string[],
  ): Promise<{ inserted: number; updated: number; refused: number[] }> {
    const keyed = key === 'phone' ? 'b.phone IS NOT NULL' : 'b.phone IS NULL';
    // Without emails to check no row is taken: spare every row the test.
    const notTaken = emails.length > 0 ? 'AND b.line NOT IN (SELECT line FROM taken)' : '';
    const rows: { inserted: number; updated: number; refused: number[] }[] = await manager.query(
      `WITH owners AS MATERIALIZED (
         SELECT email, phone FROM subscriber WHERE email = ANY ($2::text[])
       ),
       taken AS MATERIALIZED (
         SELECT b.line FROM import_batch b JOIN owners o ON o.email = b.email WHERE b.phone IS NOT NULL AND o.phone IS DISTINCT FROM b.phone
       ),
       known AS MATERIALIZED (
         SELECT ${key} AS key FROM subscriber WHERE ${key} = ANY ($1::text[])
       ),
       upserted AS (
         INSERT INTO subscriber AS s (id, phone, email, language, channels, tags, consent_source, consent_at)
         SELECT b.id, b.phone, b.email, b.language, b.channels, b.tags, b.consent_source, b.consent_at
         FROM import_batch b WHERE ${keyed} AND b.${key} IN (SELECT key FROM known) ${notTaken}
         ON CONFLICT (${key}) DO UPDATE SET email = coalesce(excluded.email, s.email), language = excluded.language,
           channels = excluded.channels, tags = excluded.tags, updated_at = now()
         RETURNING s.id, s.phone, s.email, s.language, s.channels, s.tags, s.regions, s.status, (s.xmax = 0) AS inserted
       ),
       updated AS MATERIALIZED (
         SELECT u.*, b.line, b.channel_list, b.labels, b.positions FROM upserted u JOIN import_batch b ON b.${key} = u.${key} AND ${keyed}
       ),
       fresh AS MATERIALIZED (
         SELECT b.* FROM import_batch b WHERE ${keyed} AND b.${key} NOT IN (SELECT key FROM known) ${notTaken}
       ),
       inserted AS (
         INSERT INTO subscriber (id, phone, email, language, channels, tags, consent_source, consent_at)
         SELECT f.id, f.phone, f.email, f.language, f.channels, f.tags, f.consent_source, f.consent_at
         FROM fresh f
       ),
       old_locations AS (
         DELETE FROM subscriber_location l WHERE l.subscriber_id = ANY (ARRAY(SELECT id FROM updated WHERE NOT inserted))
       ),
       new_locations AS (
         INSERT INTO subscriber_location (subscriber_id, label, position)
         SELECT r.id, x.label, x.position
         FROM (SELECT id, labels, positions FROM fresh UNION ALL SELECT id, labels, positions FROM updated) r
         CROSS JOIN LATERAL unnest(r.labels, r.positions) AS x(label, position)
       ),
       new_members AS (
         INSERT INTO audience_member (subscriber_id, phone, email, language, channels, channel_list, tags, regions, loc1, loc2, more_locations)
         SELECT f.id, f.phone, f.email, f.language, f.channels, f.channel_list, f.tags, '{}',
           f.positions[1], f.positions[2], cardinality(f.positions) > 2
         FROM fresh f
       ),
       members AS (
         INSERT INTO audience_member AS m (subscriber_id, phone, email, language, channels, channel_list, tags, regions, loc1, loc2, more_locations)
         SELECT u.id, u.phone, u.email, u.language, u.channels, u.channel_list, u.tags, u.regions, u.positions[1], u.positions[2], cardinality(u.positions) > 2
         FROM updated u WHERE u.status = 'active'
         ON CONFLICT (subscriber_id) DO UPDATE SET phone = excluded.phone, email = excluded.email, language = excluded.language,
           channels = excluded.channels, channel_list = excluded.channel_list, tags = excluded.tags, regions = excluded.regions, loc1 = excluded.loc1,
           loc2 = excluded.loc2, more_locations = excluded.more_locations
       ),
       old_further AS (
         DELETE FROM audience_member_location e USING updated u WHERE e.subscriber_id = u.id AND NOT u.inserted AND e.rank > cardinality(u.positions)
       ),
       further AS (
         INSERT INTO audience_member_location (subscriber_id, rank, position)
         SELECT r.id, x.k, x.position
         FROM (SELECT id, positions FROM fresh WHERE cardinality(positions) > 2
               UNION ALL SELECT id, positions FROM updated WHERE status = 'active' AND cardinality(positions) > 2) r
         CROSS JOIN LATERAL unnest(r.positions) WITH ORDINALITY AS x(position, k)
         WHERE x.k > 2
         ON CONFLICT (subscriber_id, rank) DO UPDATE SET position = excluded.position
       )
       SELECT (SELECT count(*) FROM fresh)::int + (SELECT count(*) FROM updated WHERE inserted)::int AS inserted,
              (SELECT count(*) FROM updated WHERE NOT inserted)::int AS updated,
              ARRAY(SELECT line FROM taken ORDER BY line) AS refused`,
      [keys, emails],
    );
    return rows[0] ?? { inserted: 0, updated: 0, refused: [] };
  }
}
