import type { SubscriberLocationEntity } from './subscriber-location.entity.js';
import type { SubscriberEntity } from './subscriber.entity.js';
import { parsePoint } from './subscriber.rules.js';

export interface SubscriberView {
  id: string;
  phone: string | null;
  email: string | null;
  language: string;
  channels: string[];
  status: string;
  tags: string[];
  regions: string[];
  locations: { lat: number; lon: number; label: string | null }[];
  consent: { source: string; at: string; wordingVersion: string | null };
  stoppedAt: string | null;
  erasedAt: string | null;
  createdAt: string;
}

export function toSubscriberView(subscriber: SubscriberEntity, locations: SubscriberLocationEntity[]): SubscriberView {
  return {
    id: subscriber.id,
    phone: subscriber.phone,
    email: subscriber.email,
    language: subscriber.language,
    channels: subscriber.channels,
    status: subscriber.status,
    tags: subscriber.tags,
    regions: subscriber.regions,
    locations: locations.map((location) => ({ ...parsePoint(location.position), label: location.label })),
    consent: { source: subscriber.consentSource, at: subscriber.consentAt.toISOString(), wordingVersion: subscriber.consentWording },
    stoppedAt: subscriber.stoppedAt?.toISOString() ?? null,
    erasedAt: subscriber.erasedAt?.toISOString() ?? null,
    createdAt: subscriber.createdAt.toISOString(),
  };
}
