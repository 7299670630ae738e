import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/roles.js';
import { ConflictError, NotFoundError } from '../common/domain-error.js';
import type { SubscriberLocationEntity } from './subscriber-location.entity.js';
import type { SubscriberEntity } from './subscriber.entity.js';
import { checkConsentTime, parsePoint } from './subscriber.rules.js';
import { SubscribersRepository, type NewSubscriber } from './subscribers.repository.js';

export interface SubscriberView {
  id: string;
  phone: string | null;
  language: string;
  channels: string[];
  status: string;
  locations: { lat: number; lon: number; label: string | null }[];
  consent: { source: string; at: string };
  createdAt: string;
}

@Injectable()
export class SubscribersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: SubscribersRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Principal, input: NewSubscriber, now = new Date()): Promise<SubscriberView> {
    checkConsentTime(input.consentAt, now);
    const subscriber = await this.dataSource.transaction(async (manager) => {
      const created = await this.repository.insert(manager, input);
      if (!created) throw new ConflictError('subscriber.phone_taken', 'A subscriber with this phone number already exists.');
      // Contact data stays out of the audit chain, which cannot be erased.
      await this.audit.record(manager, {
        actor: actor.operatorId,
        action: 'subscriber.created',
        subjectType: 'subscriber',
        subjectId: created.id,
        data: { channels: created.channels, language: created.language, locations: input.locations.length, consentSource: input.consentSource },
      });
      return created;
    });
    return toView(subscriber, await this.repository.locationsOf(subscriber.id));
  }

  async get(id: string): Promise<SubscriberView> {
    const subscriber = await this.repository.findById(id);
    if (!subscriber) throw new NotFoundError('subscriber.not_found', `No subscriber ${id}.`);
    return toView(subscriber, await this.repository.locationsOf(id));
  }
}

function toView(subscriber: SubscriberEntity, locations: SubscriberLocationEntity[]): SubscriberView {
  return {
    id: subscriber.id,
    phone: subscriber.phone,
    language: subscriber.language,
    channels: subscriber.channels,
    status: subscriber.status,
    locations: locations.map((location) => ({ ...parsePoint(location.position), label: location.label })),
    consent: { source: subscriber.consentSource, at: subscriber.consentAt.toISOString() },
    createdAt: subscriber.createdAt.toISOString(),
  };
}
