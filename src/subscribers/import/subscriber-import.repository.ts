import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { EntityManager } from 'typeorm';
import { pointLiteral } from '../subscriber.rules.js';
import { copyArray, copyField, copyRow } from './copy-text.js';
import type { ImportRow } from './import-row.js';
import { TimeOrderedIds } from './time-ordered-id.js';

export interface BatchResult {
  inserted: number;
  updated: number;
  /** Rows refused because their email belongs to another subscriber. */
  rejected: { line: number; reason: string }[];
}

/** The columns of the per-transaction staging table, in COPY order. */
const STAGED = 'line, id, phone, email, language, channel_list, tag_list, consent_source, consent_at, labels, positions';

/**
 * Upserts batches of imported subscribers, set-based. A batch is streamed with COPY into a
 * temporary table, then one statement per key (rows with a phone by phone, rows with only an
 * email by email) upserts the subscribers (INSERT ... SELECT ... ON CONFLICT), replaces the
 * locations of those that existed, inserts every location, and writes their audience rows
 * (`audience_member`, see migration 1765100000000) directly: the import tells the triggers that
 * keep that table to stand aside (beacon.audience_sync = deferred, for its transaction only), since
 * it has every value at hand. An existing subscriber keeps their id and status (an import does not
 * undo a STOP), and their email when the row gives none. New subscribers get time-ordered ids.
 * The caller passes no phone or email twice in one batch.
 */
@Injectable()
export class SubscriberImportRepository {
  private readonly ids = new TimeOrderedIds();

  /** Once per import transaction, before the first batch. */
  async begin(manager: EntityManager): Promise<void> {
    await manager.query(`SELECT set_config('beacon.audience_sync', 'deferred', true)`);
    // Estimates over a staging table are rough, and a large one would make PostgreSQL compile each
    // batch's statement (JIT), which costs more than the statement.
    await manager.query(`SELECT set_config('jit', 'off', true)`);
  }

  async upsertBatch(manager: EntityManager, rows: readonly ImportRow[]): Promise<BatchResult> {
    if (rows.length === 0) return { inserted: 0, updated: 0, rejected: [] };
    const rejected = await this.emailsOfOthers(manager, rows);
    const refused = new Set(rejected.map((r) => r.line));
    const accepted = rows.filter((row) => !refused.has(row.line));
    // A fresh staging table per batch (its statistics are the batch's own).
    await manager.query(
      `DROP TABLE IF EXISTS import_batch;
       CREATE TEMPORARY TABLE import_batch (
         line integer NOT NULL, id uuid NOT NULL, phone text, email text, language text NOT NULL, channel_list text NOT NULL,
         tag_list text NOT NULL, consent_source text NOT NULL, consent_at timestamptz NOT NULL, labels text[] NOT NULL, positions point[] NOT NULL
       ) ON COMMIT DROP`,
    );
    await this.copy(manager, accepted);
    // Its size, for the planner (a new table has no statistics): one cheap column is enough.
    await manager.query('ANALYZE import_batch (line)');
    const byPhone = await this.upsert(manager, 'phone');
    const byEmail = accepted.some((row) => row.phone === null) ? await this.upsert(manager, 'email') : { inserted: 0, updated: 0 };
    return { inserted: byPhone.inserted + byEmail.inserted, updated: byPhone.updated + byEmail.updated, rejected };
  }

  /** Rows with a phone whose email another subscriber (another phone, or none) already has. */
  private async emailsOfOthers(manager: EntityManager, rows: readonly ImportRow[]): Promise<BatchResult['rejected']> {
    const withBoth = rows.filter((row) => row.phone !== null && row.email !== null);
    if (withBoth.length === 0) return [];
    const owners: { email: string; phone: string | null }[] = await manager.query(`SELECT email, phone FROM subscriber WHERE email = ANY($1::text[])`, [
      withBoth.map((row) => row.email),
    ]);
    const ownerOf = new Map(owners.map((owner) => [owner.email, owner.phone]));
    return withBoth
      .filter((row) => ownerOf.has(row.email!) && ownerOf.get(row.email!) !== row.phone)
      .map((row) => ({ line: row.line, reason: 'email belongs to another subscriber' }));
  }

  /** Rows of a file mostly share a few consent times. */
  private readonly isoTimes = new Map<number, string>();

  private isoTime(at: Date): string {
    let text = this.isoTimes.get(at.getTime());
    if (text === undefined) {
      if (this.isoTimes.size > 10_000) this.isoTimes.clear();
      text = at.toISOString();
      this.isoTimes.set(at.getTime(), text);
    }
    return text;
  }

  private async copy(manager: EntityManager, rows: readonly ImportRow[]): Promise<void> {
    const client = (await manager.queryRunner!.connect()) as PoolClient;
    const lines = rows.map((row) =>
      copyRow([
        String(row.line),
        this.ids.next(),
        copyField(row.phone),
        copyField(row.email),
        copyField(row.language),
        copyField(row.channels.join(',')), // channels and tags are plain words (validated): a comma list each
        copyField(row.tags.join(',')),
        copyField(row.consentSource),
        this.isoTime(row.consentAt),
        copyArray(row.locations.map((l) => l.label)),
        copyArray(row.locations.map((l) => pointLiteral(l.lat, l.lon))),
      ]),
    );
    await pipeline(Readable.from([lines.join('')]), client.query(copyFrom(`COPY import_batch (${STAGED}) FROM STDIN`)));
  }

  /**
   * One statement for the batch's rows keyed by `key`: subscribers upserted, old locations of those
   * that existed deleted, the new ones inserted in file order, audience rows (for active ones)
   * upserted with their first two locations, further locations replaced.
   */
  private async upsert(manager: EntityManager, key: 'phone' | 'email'): Promise<{ inserted: number; updated: number }> {
    const keyed = key === 'phone' ? 'b.phone IS NOT NULL' : 'b.phone IS NULL';
    const rows: { inserted: number; updated: number }[] = await manager.query(
      `WITH up AS (
         INSERT INTO subscriber AS s (id, phone, email, language, channels, tags, consent_source, consent_at)
         SELECT b.id, b.phone, b.email, b.language, string_to_array(b.channel_list, ','), string_to_array(b.tag_list, ','), b.consent_source, b.consent_at
         FROM import_batch b WHERE ${keyed}
         ON CONFLICT (${key}) DO UPDATE SET email = coalesce(excluded.email, s.email), language = excluded.language,
           channels = excluded.channels, tags = excluded.tags, updated_at = now()
         RETURNING s.id, s.phone, s.email, s.language, s.channels, s.tags, s.regions, s.status, (s.xmax = 0) AS inserted
       ),
       batch AS (
         SELECT up.*, b.line, b.channel_list, b.labels, b.positions FROM up JOIN import_batch b ON b.${key} = up.${key}
       ),
       old_locations AS (
         DELETE FROM subscriber_location l USING batch r WHERE l.subscriber_id = r.id AND NOT r.inserted
       ),
       new_locations AS (
         INSERT INTO subscriber_location (subscriber_id, label, position)
         SELECT r.id, x.label, x.position FROM batch r CROSS JOIN LATERAL unnest(r.labels, r.positions) WITH ORDINALITY AS x(label, position, k)
         ORDER BY r.line, x.k
       ),
       new_members AS (
         INSERT INTO audience_member (subscriber_id, phone, email, language, channels, channel_list, tags, regions, loc1, loc2, more_locations)
         SELECT r.id, r.phone, r.email, r.language, r.channels, r.channel_list, r.tags, r.regions, r.positions[1], r.positions[2], cardinality(r.positions) > 2
         FROM batch r WHERE r.inserted AND r.status = 'active'
       ),
       members AS (
         INSERT INTO audience_member AS m (subscriber_id, phone, email, language, channels, channel_list, tags, regions, loc1, loc2, more_locations)
         SELECT r.id, r.phone, r.email, r.language, r.channels, r.channel_list, r.tags, r.regions, r.positions[1], r.positions[2], cardinality(r.positions) > 2
         FROM batch r WHERE NOT r.inserted AND r.status = 'active'
         ON CONFLICT (subscriber_id) DO UPDATE SET phone = excluded.phone, email = excluded.email, language = excluded.language,
           channels = excluded.channels, channel_list = excluded.channel_list, tags = excluded.tags, regions = excluded.regions, loc1 = excluded.loc1,
           loc2 = excluded.loc2, more_locations = excluded.more_locations
       ),
       old_further AS (
         DELETE FROM audience_member_location e USING batch r WHERE e.subscriber_id = r.id AND NOT r.inserted AND e.rank > cardinality(r.positions)
       ),
       further AS (
         INSERT INTO audience_member_location (subscriber_id, rank, position)
         SELECT r.id, x.k, x.position FROM batch r CROSS JOIN LATERAL unnest(r.positions) WITH ORDINALITY AS x(position, k)
         WHERE r.status = 'active' AND x.k > 2
         ON CONFLICT (subscriber_id, rank) DO UPDATE SET position = excluded.position
       )
       SELECT count(*) FILTER (WHERE inserted)::int AS inserted, count(*) FILTER (WHERE NOT inserted)::int AS updated FROM batch`,
    );
    return rows[0] ?? { inserted: 0, updated: 0 };
  }
}
