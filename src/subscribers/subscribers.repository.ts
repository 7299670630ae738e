import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { runSql } from '../database/sql.js';
import { SubscriberLocationEntity } from './subscriber-location.entity.js';
import { SubscriberEntity } from './subscriber.entity.js';
import { pointLiteral } from './subscriber.rules.js';

export interface LocationInput {
  lat: number;
  lon: number;
  label?: string;
}

export interface NewSubscriber {
  /** At least one of phone and email. */
  phone?: string;
  email?: string;
  language: string;
  channels: string[];
  consentSource: string;
  consentAt: Date;
  consentWording?: string;
  locations: LocationInput[];
  tags?: string[];
  regions?: string[];
}

export interface SubscriberChanges {
  phone?: string;
  email?: string;
  language?: string;
  channels?: string[];
  tags?: string[];
  regions?: string[];
  locations?: LocationInput[];
}

export type ContactTaken = 'phone_taken' | 'email_taken';

@Injectable()
export class SubscribersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the subscriber and its locations; tells which contact was taken when the phone or email is already registered. */
  async insert(manager: EntityManager, input: NewSubscriber): Promise<SubscriberEntity | ContactTaken> {
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO subscriber (phone, email, language, channels, consent_source, consent_at, consent_wording, tags, regions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id`,
      [input.phone ?? null, input.email ?? null, input.language, input.channels, input.consentSource, input.consentAt, input.consentWording ?? null, input.tags ?? [], input.regions ?? []],
    );
    const id = inserted[0]?.id;
    if (!id) return this.takenContact(manager, null, input.phone, input.email);
    await this.insertLocations(manager, id, input.locations);
    return manager.getRepository(SubscriberEntity).findOneByOrFail({ id });
  }

  /** Applies the given changes; `locations`, when given, replaces every location. The caller holds the row lock. */
  async update(manager: EntityManager, id: string, changes: SubscriberChanges): Promise<'updated' | ContactTaken> {
    const { rows } = await runSql<{ taken: boolean }>(
      manager,
      `UPDATE subscriber SET
         phone = COALESCE($2, phone), language = COALESCE($3, language), channels = COALESCE($4, channels),
         tags = COALESCE($5, tags), regions = COALESCE($6::uuid[], regions), email = COALESCE($7, email), updated_at = now()
       WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM subscriber o WHERE (o.phone = $2 OR o.email = $7) AND o.id <> $1)
       RETURNING false AS taken`,
      [id, changes.phone ?? null, changes.language ?? null, changes.channels ?? null, changes.tags ?? null, changes.regions ?? null, changes.email ?? null],
    );
    if (rows.length === 0) return this.takenContact(manager, id, changes.phone, changes.email);
    if (changes.locations) {
      await manager.query(`DELETE FROM subscriber_location WHERE subscriber_id = $1`, [id]);
      await this.insertLocations(manager, id, changes.locations);
    }
    return 'updated';
  }

  /** Which of the phone and email another subscriber (not `self`) already has. */
  private async takenContact(manager: EntityManager, self: string | null, phone: string | undefined, email: string | undefined): Promise<ContactTaken> {
    const rows: { phone_taken: boolean; email_taken: boolean }[] = await manager.query(
      `SELECT coalesce(bool_or(phone = $2), false) AS phone_taken, coalesce(bool_or(email = $3), false) AS email_taken
       FROM subscriber WHERE (phone = $2 OR email = $3) AND id IS DISTINCT FROM $1::uuid`,
      [self, phone ?? null, email ?? null],
    );
    return rows[0]?.email_taken && !rows[0].phone_taken ? 'email_taken' : 'phone_taken';
  }

  private async insertLocations(manager: EntityManager, id: string, locations: LocationInput[]): Promise<void> {
    await manager.query(
      `INSERT INTO subscriber_location (subscriber_id, label, position)
       SELECT $1, label, position::point FROM unnest($2::text[], $3::text[]) AS l(label, position)`,
      [id, locations.map((l) => l.label ?? null), locations.map((l) => pointLiteral(l.lat, l.lon))],
    );
  }

  /** Locks the subscriber row for a change in this transaction. */
  lockById(manager: EntityManager, id: string): Promise<SubscriberEntity | null> {
    return manager.getRepository(SubscriberEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  lockByPhone(manager: EntityManager, phone: string): Promise<SubscriberEntity | null> {
    return manager.getRepository(SubscriberEntity).findOne({ where: { phone }, lock: { mode: 'pessimistic_write' } });
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<SubscriberEntity | null> {
    return manager.getRepository(SubscriberEntity).findOneBy({ id });
  }

  locationsOf(subscriberId: string): Promise<SubscriberLocationEntity[]> {
    return this.dataSource.getRepository(SubscriberLocationEntity).find({ where: { subscriberId }, order: { id: 'ASC' } });
  }
}
