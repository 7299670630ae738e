import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { SubscriberLocationEntity } from './subscriber-location.entity.js';
import { SubscriberEntity } from './subscriber.entity.js';
import { pointLiteral } from './subscriber.rules.js';

export interface NewSubscriber {
  phone: string;
  language: string;
  channels: string[];
  consentSource: string;
  consentAt: Date;
  locations: { lat: number; lon: number; label?: string }[];
}

@Injectable()
export class SubscribersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the subscriber and its locations; returns null when the phone is already registered. */
  async insert(manager: EntityManager, input: NewSubscriber): Promise<SubscriberEntity | null> {
    const inserted: SubscriberEntity[] = await manager.query(
      `INSERT INTO subscriber (phone, language, channels, consent_source, consent_at)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (phone) DO NOTHING RETURNING id`,
      [input.phone, input.language, input.channels, input.consentSource, input.consentAt],
    );
    const id = inserted[0]?.id;
    if (!id) return null;
    await manager.query(
      `INSERT INTO subscriber_location (subscriber_id, label, position)
       SELECT $1, label, position::point FROM unnest($2::text[], $3::text[]) AS l(label, position)`,
      [id, input.locations.map((l) => l.label ?? null), input.locations.map((l) => pointLiteral(l.lat, l.lon))],
    );
    return manager.getRepository(SubscriberEntity).findOneByOrFail({ id });
  }

  findById(id: string): Promise<SubscriberEntity | null> {
    return this.dataSource.getRepository(SubscriberEntity).findOneBy({ id });
  }

  locationsOf(subscriberId: string): Promise<SubscriberLocationEntity[]> {
    return this.dataSource.getRepository(SubscriberLocationEntity).find({ where: { subscriberId }, order: { id: 'ASC' } });
  }
}
