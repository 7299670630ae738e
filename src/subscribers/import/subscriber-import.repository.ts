import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { pointLiteral } from '../subscriber.rules.js';
import type { ImportRow } from './import-row.js';

/**
 * Upserts a batch of imported subscribers by phone, set-based: one INSERT ... SELECT FROM unnest
 * ... ON CONFLICT for the subscribers, one DELETE of the old locations of those that existed (by
 * id, through the index), one INSERT ... SELECT FROM unnest for every location. An existing
 * subscriber keeps their id and status (an import does not undo a STOP).
 */
@Injectable()
export class SubscriberImportRepository {
  async upsertBatch(manager: EntityManager, rows: readonly ImportRow[]): Promise<{ inserted: number; updated: number }> {
    if (rows.length === 0) return { inserted: 0, updated: 0 };
    const upserted: { id: string; phone: string; inserted: boolean }[] = await manager.query(
      `INSERT INTO subscriber (phone, language, channels, tags, consent_source, consent_at)
       SELECT i.phone, i.language, string_to_array(i.channels, ','), string_to_array(i.tags, ','), i.consent_source, i.consent_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
         AS i(phone, language, channels, tags, consent_source, consent_at)
       ON CONFLICT (phone) DO UPDATE SET language = excluded.language, channels = excluded.channels, tags = excluded.tags, updated_at = now()
       RETURNING id, phone, (xmax = 0) AS inserted`,
      [
        rows.map((r) => r.phone),
        rows.map((r) => r.language),
        rows.map((r) => r.channels.join(',')),
        rows.map((r) => r.tags.join(',')),
        rows.map((r) => r.consentSource),
        rows.map((r) => r.consentAt),
      ],
    );
    const idOf = new Map(upserted.map((u) => [u.phone, u.id]));
    const existing = upserted.filter((u) => !u.inserted).map((u) => u.id);
    if (existing.length > 0) await manager.query(`DELETE FROM subscriber_location WHERE subscriber_id = ANY($1::uuid[])`, [existing]);
    const locations = rows.flatMap((row) => row.locations.map((l) => ({ id: idOf.get(row.phone)!, label: l.label, position: pointLiteral(l.lat, l.lon) })));
    await manager.query(
      `INSERT INTO subscriber_location (subscriber_id, label, position)
       SELECT l.id, l.label, l.position::point FROM unnest($1::uuid[], $2::text[], $3::text[]) AS l(id, label, position)`,
      [locations.map((l) => l.id), locations.map((l) => l.label), locations.map((l) => l.position)],
    );
    return { inserted: upserted.length - existing.length, updated: existing.length };
  }
}
