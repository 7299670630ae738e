import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AreaLibraryRepository } from '../areas/library/area-library.repository.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/roles.js';
import { checkConsentTime, checkContact, checkReachable, normalizeEmail } from './subscriber.rules.js';
import { toSubscriberView, type SubscriberView } from './subscriber.view.js';
import { EmailTakenError, PhoneTakenError, SubscriberErasedError, SubscriberNotFoundError, UnknownRegionError } from './subscribers.errors.js';
import { SubscribersRepository, type ContactTaken, type NewSubscriber, type SubscriberChanges } from './subscribers.repository.js';

/** Who acts: an operator, or the citizen themselves (self-service opt-in, inbound STOP). */
export type Actor = Principal | { citizen: string };

export function actorName(actor: Actor): string {
  return 'citizen' in actor ? `citizen:${actor.citizen}` : actor.operatorId;
}

@Injectable()
export class SubscribersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: SubscribersRepository,
    private readonly areas: AreaLibraryRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: NewSubscriber, now = new Date()): Promise<SubscriberView> {
    checkConsentTime(input.consentAt, now);
    checkContact(input.phone, input.email);
    checkReachable(input.locations.length, input.regions?.length ?? 0);
    const subscriber = await this.dataSource.transaction((manager) => this.createIn(manager, actor, input));
    return this.get(subscriber);
  }

  /** Creates a subscriber inside the caller's transaction; returns its id. */
  async createIn(manager: EntityManager, actor: Actor, input: NewSubscriber): Promise<string> {
    checkContact(input.phone, input.email);
    await this.checkRegions(input.regions);
    const created = await this.repository.insert(manager, { ...input, email: input.email === undefined ? undefined : normalizeEmail(input.email) });
    if (typeof created === 'string') throw contactTaken(created);
    // Contact data stays out of the audit chain, which cannot be erased.
    await this.audit.record(manager, {
      actor: actorName(actor),
      action: 'subscriber.created',
      subjectType: 'subscriber',
      subjectId: created.id,
      data: {
        channels: created.channels,
        language: created.language,
        locations: input.locations.length,
        regions: created.regions.length,
        tags: created.tags,
        consentSource: input.consentSource,
        consentWording: input.consentWording ?? null,
      },
    });
    return created.id;
  }

  async update(actor: Principal, id: string, changes: SubscriberChanges): Promise<SubscriberView> {
    if (changes.email !== undefined) changes = { ...changes, email: normalizeEmail(changes.email) };
    await this.checkRegions(changes.regions);
    await this.dataSource.transaction(async (manager) => {
      const subscriber = await this.repository.lockById(manager, id);
      if (!subscriber) throw new SubscriberNotFoundError(id);
      if (subscriber.status === 'erased') throw new SubscriberErasedError(id);
      const locations = changes.locations?.length ?? (await this.repository.locationsOf(id)).length;
      checkReachable(locations, (changes.regions ?? subscriber.regions).length);
      const updated = await this.repository.update(manager, id, changes);
      if (updated !== 'updated') throw contactTaken(updated);
      await this.audit.record(manager, {
        actor: actor.operatorId,
        action: 'subscriber.updated',
        subjectType: 'subscriber',
        subjectId: id,
        // Which fields changed, never their values: phone and locations are personal data.
        data: { fields: Object.keys(changes).filter((key) => changes[key as keyof SubscriberChanges] !== undefined).sort() },
      });
    });
    return this.get(id);
  }

  async get(id: string): Promise<SubscriberView> {
    const subscriber = await this.repository.findById(id);
    if (!subscriber) throw new SubscriberNotFoundError(id);
    return toSubscriberView(subscriber, await this.repository.locationsOf(id));
  }

  private async checkRegions(regions: string[] | undefined): Promise<void> {
    if (!regions || regions.length === 0) return;
    const missing = await this.areas.missingIds(regions);
    if (missing.length > 0) throw new UnknownRegionError(missing);
  }
}

function contactTaken(taken: ContactTaken): PhoneTakenError | EmailTakenError {
  return taken === 'email_taken' ? new EmailTakenError() : new PhoneTakenError();
}
