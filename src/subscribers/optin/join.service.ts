import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { SubscribersRepository } from '../subscribers.repository.js';
import { actorName, SubscribersService } from '../subscribers.service.js';
import { ConsentRepository, type Consent } from './consent.repository.js';
import { JOIN_WORDING_VERSION, matchArea } from './join.rules.js';

export interface JoinRequest {
  /** E.164, as the channel reports the sender. */
  phone: string;
  /** What follows JOIN: an area's name or key, or a geocode value such as a postcode. */
  text: string;
  channel: 'whatsapp' | 'sms';
  /** The language to subscribe a new person in (their message's). */
  language: string;
  now?: Date;
}

export type JoinResult =
  | { outcome: 'unknown_area'; text: string }
  | {
      outcome: 'joined';
      subscriberId: string;
      area: { id: string; name: string };
      /** A new subscriber. */
      created: boolean;
      /** A stopped subscriber active again (a new consent). */
      resubscribed: boolean;
      /** The area was added to those they follow (false: they followed it already). */
      added: boolean;
    };

/**
 * JOIN by message: `JOIN <area>` from a phone subscribes it to a library area. A number Beacon does
 * not know becomes a subscriber (consent source `<channel>-join`, wording JOIN_WORDING_VERSION, the
 * channel it wrote on, no location); one that sent STOP is active again, under a new consent (only
 * an explicit JOIN does that); anyone else just follows one more area. Runs in the caller's
 * transaction (the inbound side records the message in the same one) and audits what changed.
 */
@Injectable()
export class JoinService {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly subscribers: SubscribersRepository,
    private readonly creator: SubscribersService,
    private readonly audit: AuditService,
  ) {}

  async subscribeByAreaName(manager: EntityManager, request: JoinRequest): Promise<JoinResult> {
    const area = matchArea(await this.consents.areaCandidates(manager), request.text);
    if (!area) return { outcome: 'unknown_area', text: request.text };
    const consent: Consent = { source: `${request.channel}-join`, at: request.now ?? new Date(), wording: JOIN_WORDING_VERSION };
    const actor = { citizen: consent.source };
    const joined = { outcome: 'joined' as const, area: { id: area.id, name: area.name } };
    const existing = await this.subscribers.lockByPhone(manager, request.phone);
    if (!existing) {
      const subscriberId = await this.creator.createIn(manager, actor, {
        phone: request.phone,
        language: request.language,
        channels: [request.channel],
        consentSource: consent.source,
        consentAt: consent.at,
        consentWording: consent.wording,
        locations: [],
        regions: [area.id],
      });
      return { ...joined, subscriberId, created: true, resubscribed: false, added: true };
    }
    const resubscribed = await this.consents.resubscribe(manager, existing.id, consent);
    if (resubscribed) {
      await this.audit.record(manager, {
        actor: actorName(actor),
        action: 'subscriber.resubscribed',
        subjectType: 'subscriber',
        subjectId: existing.id,
        data: { consentSource: consent.source, consentWording: consent.wording },
      });
    }
    const added = await this.consents.follow(manager, existing.id, area.id);
    if (added) {
      await this.audit.record(manager, { actor: actorName(actor), action: 'subscriber.region_joined', subjectType: 'subscriber', subjectId: existing.id, data: { areaId: area.id, channel: request.channel } });
    }
    return { ...joined, subscriberId: existing.id, created: false, resubscribed, added };
  }
}
