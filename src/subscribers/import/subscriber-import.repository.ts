import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { pointLiteral } from '../subscriber.rules.js';
import type { ImportRow } from './import-row.js';

export interface BatchResult {
  inserted: number;
  updated: number;
  /** Rows refused because their email belongs to another subscriber. */
  rejected: { line: number; reason: string }[];
}

/**
 * Upserts a batch of imported subscribers, set-based: rows with a phone by phone, rows with only an
 * email by email, each one INSERT ... SELECT FROM unnest ... ON CONFLICT; one DELETE of the old
 * locations of those that existed (by id, through the index), one INSERT ... SELECT FROM unnest for
 * every location. An existing subscriber keeps their id and status (an import does not undo a STOP),
 * and their email when the row gives none. The caller passes no phone or email twice in one batch.
 */
@Injectable()
export class SubscriberImportRepository {
  async upsertBatch(manager: EntityManager, rows: readonly ImportRow[]): Promise<BatchResult> {
    if (rows.length === 0) return { inserted: 0, updated: 0, rejected: [] };
    const rejected = await this.emailsOfOthers(manager, rows);
    const refused = new Set(rejected.map((r) => r.line));
    const accepted = rows.filter((row) => !refused.has(row.line));
    const byPhone = await this.upsert(manager, accepted.filter((row) => row.phone !== null), 'phone');
    const byEmail = await this.upsert(manager, accepted.filter((row) => row.phone === null), 'email');
    const upserted = [...byPhone, ...byEmail];
    const existing = upserted.filter((u) => !u.inserted).map((u) => u.id);
    if (existing.length > 0) await manager.query(`DELETE FROM subscriber_location WHERE subscriber_id = ANY($1::uuid[])`, [existing]);
    const locations = upserted.flatMap(({ id, row }) => row.locations.map((l) => ({ id, label: l.label, position: pointLiteral(l.lat, l.lon) })));
    await manager.query(
      `INSERT INTO subscriber_location (subscriber_id, label, position)
       SELECT l.id, l.label, l.position::point FROM unnest($1::uuid[], $2::text[], $3::text[]) AS l(id, label, position)`,
      [locations.map((l) => l.id), locations.map((l) => l.label), locations.map((l) => l.position)],
    );
    return { inserted: upserted.length - existing.length, updated: existing.length, rejected };
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

  private async upsert(manager: EntityManager, rows: readonly ImportRow[], key: 'phone' | 'email'): Promise<{ id: string; inserted: boolean; row: ImportRow }[]> {
    if (rows.length === 0) return [];
    const upserted: { id: string; key: string; inserted: boolean }[] = await manager.query(
      `INSERT INTO subscriber (phone, email, language, channels, tags, consent_source, consent_at)
       SELECT i.phone, i.email, i.language, string_to_array(i.channels, ','), string_to_array(i.tags, ','), i.consent_source, i.consent_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
         AS i(phone, email, language, channels, tags, consent_source, consent_at)
       ON CONFLICT (${key}) DO UPDATE SET email = coalesce(excluded.email, subscriber.email), language = excluded.language,
         channels = excluded.channels, tags = excluded.tags, updated_at = now()
       RETURNING id, ${key} AS key, (xmax = 0) AS inserted`,
      [
        rows.map((r) => r.phone),
        rows.map((r) => r.email),
        rows.map((r) => r.language),
        rows.map((r) => r.channels.join(',')),
        rows.map((r) => r.tags.join(',')),
        rows.map((r) => r.consentSource),
        rows.map((r) => r.consentAt),
      ],
    );
    const rowOf = new Map(rows.map((row) => [row[key]!, row]));
    return upserted.map((u) => ({ id: u.id, inserted: u.inserted, row: rowOf.get(u.key)! }));
  }
}
