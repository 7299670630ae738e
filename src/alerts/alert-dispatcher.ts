import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AreaLibraryService } from '../areas/library/area-library.service.js';
import { AudienceRepository } from '../audience/audience.repository.js';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { DispatchService } from '../dispatch/dispatch.service.js';
import { dispatchPriority, type Severity, type Urgency } from '../dispatch/priority.js';
import { PARTNER_CHANNEL, PartnerDeliveries } from '../partners/partner-deliveries.js';
import type { AlertEntity } from './alert.entity.js';
import { AlertContent } from './approval/alert-content.js';
import { markSubject } from './exercise-marker.js';
import { FollowUpRepository } from './follow-up/follow-up.repository.js';

/** Turns an approved alert into a dispatch run with its audience frozen, inside the approval transaction. */
@Injectable()
export class AlertDispatcher {
  constructor(
    private readonly areas: AreaLibraryService,
    private readonly audience: AudienceRepository,
    private readonly dispatch: DispatchService,
    private readonly channels: ChannelRegistry,
    private readonly content: AlertContent,
    private readonly partners: PartnerDeliveries,
    private readonly followUps: FollowUpRepository,
  ) {}

  async start(manager: EntityManager, alert: AlertEntity): Promise<{ runId: string; targeted: number }> {
    const priority = dispatchPriority(alert.severity as Severity, alert.urgency as Urgency);
    // The texts as they go out (Exercise and Test behind their marker): what the approvers approved.
    const messages = this.content.messages(alert);
    const languages = Object.keys(messages);
    const defaultLanguage = languages.includes('en') ? 'en' : languages[0]!;
    const subject = markSubject(alert.headline, alert.status, defaultLanguage);
    const audience = await this.audienceOf(manager, alert);
    const channels = audience.filters.channels ?? null;
    const runId = await this.dispatch.createRun(manager, { priority, messages, defaultLanguage, expiresAt: alert.expiresAt, subject, channels });
    // A large audience is frozen in two steps: a first slice here, the rest right after the commit
    // (AudienceFreezeSweeper), so senders start at once; the run completes only after the rest.
    const { frozen: targeted } = await this.audience.freezeFirstSlice(manager, { runId, priority, ...audience });
    // Every active partner system gets the alert by webhook, one delivery each, in the same run.
    const partners = await this.partners.enqueue(manager, runId, priority, defaultLanguage);
    return { runId, targeted: targeted + partners };
  }

  /** How many people `start` would freeze now: the same audience spec, counted (the approval rules use it). */
  async countAudience(manager: EntityManager, alert: AlertEntity): Promise<number> {
    return (await this.audience.preview(manager, await this.audienceOf(manager, alert))).total;
  }

  /**
   * Area, channels and filters (an Exercise or Test alert's narrowed to test recipients) of the freeze.
   * An Update or Cancel also reaches everyone the earlier alerts of its chain reached, on the channel
   * that reached them; a Cancel reaches only them (no area).
   */
  private async audienceOf(manager: EntityManager, alert: AlertEntity) {
    const reachedByRuns = alert.referencesAlertId ? await this.followUps.chainRunIds(manager, alert.referencesAlertId) : undefined;
    const area = alert.msgType === 'Cancel' && reachedByRuns ? null : await this.areas.resolve(alert.area, manager);
    return { area, channels: this.subscriberChannels(), filters: this.content.filters(alert), reachedByRuns };
  }

  /** Channels a subscriber can be reached on: all but the partners' webhook channel. */
  private subscriberChannels(): string[] {
    return this.channels.channels().filter((channel) => channel !== PARTNER_CHANNEL);
  }
}
