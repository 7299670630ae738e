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
  phone: string;
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
  language?: string;
  channels?: string[];
  tags?: string[];
  regions?: string[];
  locations?: LocationInput[];
}

@Injectable()
export class SubscribersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the subscriber and its locations; returns null when the phone is already registered. */
  async insert(manager: EntityManager, input: NewSubscriber): Promise<SubscriberEntity | null> {
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO subscriber (phone, language, channels, consent_source, consent_at, consent_wording, tags, regions)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (phone) DO NOTHING RETURNING id`,
      [input.phone, input.language, input.channels, input.consentSource, input.consentAt, input.consentWording ?? null, input.tags ?? [], input.regions ?? []],
    );
    const id = inserted[0]?.id;
    if (!id) return null;
    await this.insertLocations(manager, id, input.locations);
    return manager.getRepository(SubscriberEntity).findOneByOrFail({ id });
  }

  /** Applies the given changes; `locations`, when given, replaces every location. The caller holds the row lock. */
  async update(manager: EntityManager, id: string, changes: SubscriberChanges): Promise<'updated' | 'phone_taken'> {
    const { rows } = await runSql<{ taken: boolean }>(
      manager,
      `UPDATE subscriber SET
         phone = COALESCE($2, phone), language = COALESCE($3, language), channels = COALESCE($4, channels),
         tags = COALESCE($5, tags), regions = COALESCE($6::uuid[], regions), updated_at = now()
       WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM subscriber o WHERE o.phone = $2 AND o.id <> $1)
       RETURNING false AS taken`,
      [id, changes.phone ?? null, changes.language ?? null, changes.channels ?? null, changes.tags ?? null, changes.regions ?? null],
    );
    if (rows.length === 0) return 'phone_taken';
    if (changes.locations) {
      await manager.query(`DELETE FROM subscriber_location WHERE subscriber_id = $1`, [id]);
      await this.insertLocations(manager, id, changes.locations);
    }
    return 'updated';
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
