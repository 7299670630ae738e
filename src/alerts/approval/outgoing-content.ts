import type { AudienceFilters } from '../../audience/audience-sql.js';
import { markTexts } from '../exercise-marker.js';

/** The alert columns that decide what goes out, to whom. */
export interface ContentSource {
  headline: string;
  event: string;
  severity: string;
  urgency: string;
  certainty: string;
  status: string;
  area: Record<string, unknown>;
  texts: Record<string, string>;
  audienceFilters: AudienceFilters | null;
  msgType: string;
  capReferences: string | null;
  capInfos: unknown;
  expiresAt: Date | null;
  /** When a scheduled alert goes out: approving an alert approves its send time too. */
  onsetAt: Date | null;
  /** The per-channel renderings of a template alert, as stored (WhatsApp parameters, email HTML...). */
  renderings: unknown;
}

export interface ContentOptions {
  /** Channels Beacon can send on now (ChannelRegistry.channels()). */
  channels: readonly string[];
  /** The tag an Exercise or Test alert's recipients must carry (BEACON_TEST_RECIPIENT_TAG). */
  testRecipientTag: string;
}

/**
 * Exactly what an alert will send, as data: the texts as sent (markers applied) per channel it may go
 * out on and per language, the area as stored, the audience filters the freeze will use, and the CAP
 * fields partners and the public feed see. Its hash (content-hash.ts) is what an approver approves.
 */
export interface OutgoingContent {
  version: 1;
  texts: Record<string, Record<string, string>>;
  area: Record<string, unknown>;
  filters: AudienceFilters;
  status: string;
  severity: string;
  urgency: string;
  certainty: string;
  event: string;
  headline: string;
  msgType: string;
  references: string | null;
  capInfos: unknown;
  expiresAt: string | null;
  onsetAt: string | null;
  renderings: unknown;
}

export function isExerciseStatus(status: string): boolean {
  return status !== 'Actual';
}

/**
 * The filters the freeze uses: the operator's, plus, for Exercise and Test, the test-recipient tag as
 * a tag every recipient must carry (an intersection: the operator's own tags still apply).
 */
export function effectiveFilters(filters: AudienceFilters | null, status: string, testRecipientTag: string): AudienceFilters {
  const effective: AudienceFilters = { ...normalizedFilters(filters) };
  if (isExerciseStatus(status)) effective.requiredTags = sortedSet([...(effective.requiredTags ?? []), testRecipientTag]);
  return effective;
}

/** The channels a message may go out on: those Beacon can send on, narrowed by the channel filter. */
export function outgoingChannels(filters: AudienceFilters | null, available: readonly string[]): string[] {
  const allowed = filters?.channels;
  return sortedSet(allowed ? available.filter((channel) => allowed.includes(channel)) : available);
}

export function outgoingContent(alert: ContentSource, options: ContentOptions): OutgoingContent {
  const texts = markTexts(alert.texts, alert.status);
  // Every channel sends the same text today; when channels get their own renderings, they go here.
  const perChannel = Object.fromEntries(outgoingChannels(alert.audienceFilters, options.channels).map((channel) => [channel, texts]));
  return {
    version: 1,
    texts: perChannel,
    area: alert.area,
    filters: effectiveFilters(alert.audienceFilters, alert.status, options.testRecipientTag),
    status: alert.status,
    severity: alert.severity,
    urgency: alert.urgency,
    certainty: alert.certainty,
    event: alert.event,
    headline: alert.headline,
    msgType: alert.msgType,
    references: alert.capReferences,
    capInfos: alert.capInfos ?? null,
    expiresAt: alert.expiresAt?.toISOString() ?? null,
    onsetAt: alert.onsetAt?.toISOString() ?? null,
    renderings: alert.renderings ?? null,
  };
}

/** Filters with each list sorted and de-duplicated, empty lists dropped: sets, not sequences. */
export function normalizedFilters(filters: AudienceFilters | null | undefined): AudienceFilters {
  const normalized: AudienceFilters = {};
  for (const key of ['channels', 'languages', 'tags', 'requiredTags'] as const) {
    const list = filters?.[key];
    if (list && list.length > 0) normalized[key] = sortedSet(list);
  }
  return normalized;
}

function sortedSet(list: readonly string[]): string[] {
  return [...new Set(list)].sort();
}
