import { Inject, Injectable } from '@nestjs/common';
import type { AudienceFilters } from '../../audience/audience-sql.js';
import { ChannelRegistry } from '../../channels/channel-registry.js';
import { BEACON_CONFIG } from '../../config/config.module.js';
import type { BeaconConfig } from '../../config/config.js';
import { markTexts } from '../exercise-marker.js';
import { contentHash } from './content-hash.js';
import { effectiveFilters, outgoingContent, type ContentSource, type OutgoingContent } from './outgoing-content.js';

/**
 * What an alert sends, from its columns and this process's channels and configuration. The dispatch
 * sends `messages` to `filters`; approvers approve `hash`: all three come from the same rules.
 */
@Injectable()
export class AlertContent {
  constructor(
    private readonly channels: ChannelRegistry,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  of(alert: ContentSource): OutgoingContent {
    return outgoingContent(alert, { channels: this.channels.channels(), testRecipientTag: this.config.approvals.testRecipientTag });
  }

  hash(alert: ContentSource): string {
    return contentHash(this.of(alert));
  }

  /** The texts per language as they go out (an Exercise or Test alert's behind its marker). */
  messages(alert: Pick<ContentSource, 'texts' | 'status'>): Record<string, string> {
    return markTexts(alert.texts, alert.status);
  }

  /** The filters the audience is frozen with (an Exercise or Test alert's narrowed to test recipients). */
  filters(alert: Pick<ContentSource, 'audienceFilters' | 'status'>): AudienceFilters {
    return effectiveFilters(alert.audienceFilters, alert.status, this.config.approvals.testRecipientTag);
  }
}
