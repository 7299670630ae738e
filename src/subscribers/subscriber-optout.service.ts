import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { SubscriberEntity } from './subscriber.entity.js';
import { SubscriberOptOutRepository } from './subscriber-optout.repository.js';
import { optOutStep, type OptOutChange, type SubscriberStatus } from './subscriber.rules.js';
import { SubscriberErasedError, SubscriberNotFoundError } from './subscribers.errors.js';
import { SubscribersRepository } from './subscribers.repository.js';
import { actorName, type Actor } from './subscribers.service.js';

export interface OptOutResult {
  id: string;
  status: SubscriberStatus;
  /** Deliveries of running dispatches withdrawn by a STOP. */
  withdrawn: number;
}

/** STOP, START and erasure, each honoured at once and audited in the same transaction. */
@Injectable()
export class SubscriberOptOutService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly subscribers: SubscribersRepository,
    private readonly optOut: SubscriberOptOutRepository,
    private readonly audit: AuditService,
  ) {}

  stop(actor: Actor, id: string, source = 'api'): Promise<OptOutResult> {
    return this.dataSource.transaction(async (manager) => this.change(manager, actor, await this.lock(manager, id), 'stop', source));
  }

  start(actor: Actor, id: string, source = 'api'): Promise<OptOutResult> {
    return this.dataSource.transaction(async (manager) => this.change(manager, actor, await this.lock(manager, id), 'start', source));
  }

  /**
   * STOP from a phone number, as an inbound WhatsApp / SMS reply reports it. Null when nobody has
   * that number (a STOP from a stranger is not an error: there is nothing to stop).
   */
  stopByPhone(phone: string, source: string): Promise<OptOutResult | null> {
    return this.dataSource.transaction(async (manager) => {
      const subscriber = await this.subscribers.lockByPhone(manager, phone);
      return subscriber ? this.change(manager, { citizen: source }, subscriber, 'stop', source) : null;
    });
  }

  startByPhone(phone: string, source: string): Promise<OptOutResult | null> {
    return this.dataSource.transaction(async (manager) => {
      const subscriber = await this.subscribers.lockByPhone(manager, phone);
      return subscriber ? this.change(manager, { citizen: source }, subscriber, 'start', source) : null;
    });
  }

  /** Erasure on request: contact data and locations go; the row, counts and audit trail stay, pseudonymised. */
  erase(actor: Actor, id: string): Promise<OptOutResult> {
    return this.dataSource.transaction(async (manager) => {
      const subscriber = await this.lock(manager, id);
      if (subscriber.status === 'erased') return { id, status: 'erased', withdrawn: 0 };
      const withdrawn = await this.optOut.withdrawQueued(manager, id, 'opted_out');
      const { locations, deliveries } = await this.optOut.erase(manager, id);
      await this.audit.record(manager, {
        actor: actorName(actor),
        action: 'subscriber.erased',
        subjectType: 'subscriber',
        subjectId: id,
        data: { locationsRemoved: locations, deliveriesPseudonymised: deliveries, queuedDeliveriesWithdrawn: withdrawn },
      });
      return { id, status: 'erased', withdrawn };
    });
  }

  private async lock(manager: EntityManager, id: string): Promise<SubscriberEntity> {
    const subscriber = await this.subscribers.lockById(manager, id);
    if (!subscriber) throw new SubscriberNotFoundError(id);
    return subscriber;
  }

  private async change(manager: EntityManager, actor: Actor, subscriber: SubscriberEntity, change: OptOutChange, source: string): Promise<OptOutResult> {
    const status = subscriber.status as SubscriberStatus;
    const step = optOutStep(status, change);
    if (step === 'refuse') throw new SubscriberErasedError(subscriber.id);
    if (step === 'noop') return { id: subscriber.id, status, withdrawn: 0 };
    await this.optOut.setStopped(manager, subscriber.id, change === 'stop');
    const withdrawn = change === 'stop' ? await this.optOut.withdrawQueued(manager, subscriber.id, 'opted_out') : 0;
    await this.audit.record(manager, {
      actor: actorName(actor),
      action: change === 'stop' ? 'subscriber.stopped' : 'subscriber.started',
      subjectType: 'subscriber',
      subjectId: subscriber.id,
      data: { source, queuedDeliveriesWithdrawn: withdrawn },
    });
    return { id: subscriber.id, status: change === 'stop' ? 'stopped' : 'active', withdrawn };
  }
}
