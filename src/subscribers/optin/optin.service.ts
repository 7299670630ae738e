import { Injectable } from '@nestjs/common';
import { randomInt, randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AreaLibraryRepository } from '../../areas/library/area-library.repository.js';
import { AuditService } from '../../audit/audit.service.js';
import { ChannelRegistry } from '../../channels/channel-registry.js';
import type { OptinAttemptEntity } from '../optin-attempt.entity.js';
import { SubscribersRepository, type LocationInput } from '../subscribers.repository.js';
import { actorName, SubscribersService } from '../subscribers.service.js';
import { UnknownRegionError } from '../subscribers.errors.js';
import { ConsentRepository, type Consent } from './consent.repository.js';
import { checkReachable } from '../subscriber.rules.js';
import {
  OptinChannelUnavailableError, OptinNotFoundError, OptinRateLimitedError, OptinRefusedError, OptinSendFailedError, OptinWrongCodeError,
} from './optin.errors.js';
import { OptinRepository } from './optin.repository.js';
import {
  codeMatches, codeMessage, confirmStep, hashCode, newCode, OPTIN_CODE_TTL_MS, OPTIN_MAX_PER_IP, OPTIN_MAX_PER_PHONE, OPTIN_MAX_WRONG_CODES, OPTIN_WINDOW_MS,
} from './optin.rules.js';

export interface OptinRequest {
  phone: string;
  language: string;
  channels: string[];
  locations: LocationInput[];
  regions?: string[];
  tags?: string[];
  /** Version of the consent wording shown to the citizen. */
  wordingVersion: string;
}

type ConfirmOutcome =
  | { refused: 'not_found' | 'not_pending' | 'locked' | 'expired' }
  | { wrong: { wrongCodes: number; locked: boolean } }
  | { subscriberId: string };

/** Self-service double opt-in: a one-time code over WhatsApp, then the subscription on confirmation. */
@Injectable()
export class OptinService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: OptinRepository,
    private readonly subscribers: SubscribersService,
    private readonly channels: ChannelRegistry,
    private readonly subscriberRows: SubscribersRepository,
    private readonly consents: ConsentRepository,
    private readonly areas: AreaLibraryRepository,
    private readonly audit: AuditService,
  ) {}

  async start(request: OptinRequest, ip: string, now = new Date()): Promise<{ attemptId: string; expiresAt: string }> {
    checkReachable(request.locations.length, request.regions?.length ?? 0);
    const adapter = this.channels.get('whatsapp');
    const senderId = adapter?.senderIds[0];
    if (!adapter || !senderId) throw new OptinChannelUnavailableError('whatsapp');
    const recent = await this.repository.recentCounts(request.phone, ip, new Date(now.getTime() - OPTIN_WINDOW_MS));
    if (recent.phone >= OPTIN_MAX_PER_PHONE) throw new OptinRateLimitedError('phone');
    if (recent.ip >= OPTIN_MAX_PER_IP) throw new OptinRateLimitedError('ip');
    const id = randomUUID();
    const code = newCode((max) => randomInt(max));
    const expiresAt = new Date(now.getTime() + OPTIN_CODE_TTL_MS);
    const { wordingVersion, phone, ...rest } = request;
    await this.repository.insert({ id, phone, ip, codeHash: hashCode(id, code), request: { ...rest }, wordingVersion, expiresAt });
    const outcome = await adapter.send({ deliveryId: `optin:${id}`, senderId, recipient: phone, language: request.language, text: codeMessage(code) });
    if (outcome.kind !== 'accepted') {
      // Nothing was sent, so the attempt does not count against the citizen's limit.
      await this.repository.remove(id);
      throw new OptinSendFailedError(outcome.code);
    }
    return { attemptId: id, expiresAt: expiresAt.toISOString() };
  }

  async confirm(attemptId: string, code: string, now = new Date()): Promise<{ subscriberId: string }> {
    const outcome = await this.dataSource.transaction(async (manager): Promise<ConfirmOutcome> => {
      const attempt = await this.repository.lock(manager, attemptId);
      if (!attempt) return { refused: 'not_found' };
      const step = confirmStep(attempt, codeMatches(attempt.id, code, attempt.codeHash), now);
      switch (step.kind) {
        case 'refuse':
          return { refused: step.reason };
        case 'wrong':
          await this.repository.recordWrongCode(manager, attempt.id, step.wrongCodes, step.locked);
          return { wrong: step };
        case 'confirm': {
          const subscriberId = await this.subscribe(manager, attempt, now);
          await this.repository.markConfirmed(manager, attempt.id, now);
          return { subscriberId };
        }
      }
    });
    if ('refused' in outcome) throw outcome.refused === 'not_found' ? new OptinNotFoundError(attemptId) : new OptinRefusedError(outcome.refused);
    if ('wrong' in outcome) {
      if (outcome.wrong.locked) throw new OptinRefusedError('locked');
      throw new OptinWrongCodeError(OPTIN_MAX_WRONG_CODES - outcome.wrong.wrongCodes);
    }
    return { subscriberId: outcome.subscriberId };
  }

  /**
   * The confirmed subscription: a new subscriber, or, for a number that sent STOP, the same one
   * active again with what they asked for now, under the new consent (a double opt-in proves the
   * number is theirs). A number still subscribed is refused as before (subscriber.phone_taken).
   */
  private async subscribe(manager: EntityManager, attempt: OptinAttemptEntity, now: Date): Promise<string> {
    const asked = attempt.request as unknown as Omit<OptinRequest, 'phone' | 'wordingVersion'>;
    const consent: Consent = { source: 'self-service-optin', at: now, wording: attempt.wordingVersion };
    const stopped = await this.subscriberRows.lockByPhone(manager, attempt.phone);
    if (stopped?.status === 'stopped') {
      const missing = asked.regions?.length ? await this.areas.missingIds(asked.regions) : [];
      if (missing.length > 0) throw new UnknownRegionError(missing);
      await this.consents.resubscribe(manager, stopped.id, consent);
      await this.subscriberRows.update(manager, stopped.id, { language: asked.language, channels: asked.channels, locations: asked.locations, regions: asked.regions ?? [], tags: asked.tags ?? [] });
      await this.audit.record(manager, {
        actor: actorName({ citizen: 'optin' }),
        action: 'subscriber.resubscribed',
        subjectType: 'subscriber',
        subjectId: stopped.id,
        data: { consentSource: consent.source, consentWording: consent.wording, locations: asked.locations.length, regions: asked.regions?.length ?? 0 },
      });
      return stopped.id;
    }
    return this.subscribers.createIn(manager, { citizen: 'optin' }, {
      phone: attempt.phone,
      language: asked.language,
      channels: asked.channels,
      locations: asked.locations,
      regions: asked.regions,
      tags: asked.tags,
      consentSource: consent.source,
      consentAt: now,
      consentWording: consent.wording,
    });
  }
}
