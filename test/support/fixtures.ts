import type { CreateAlertDto } from '../../src/alerts/dto/create-alert.dto.js';
import type { CreateSubscriberDto } from '../../src/subscribers/dto/create-subscriber.dto.js';

/** A 1x1 degree square (lon 10..11, lat 50..51) with a hole in the middle (lon/lat x.4..x.6). */
export const SQUARE_WITH_HOLE = {
  type: 'Polygon' as const,
  coordinates: [
    [[10, 50], [11, 50], [11, 51], [10, 51], [10, 50]],
    [[10.4, 50.4], [10.4, 50.6], [10.6, 50.6], [10.6, 50.4], [10.4, 50.4]],
  ],
};

let phoneCounter = 0;

export function subscriberBody(locations: { lat: number; lon: number; label?: string }[], overrides: Partial<CreateSubscriberDto> = {}): CreateSubscriberDto & { phone: string } {
  phoneCounter += 1;
  return {
    phone: `+4477009${String(100000 + phoneCounter).slice(-6)}`,
    language: 'en',
    channels: ['whatsapp'],
    locations,
    consent: { source: 'web-form', at: '2026-11-01T09:00:00Z' },
    ...overrides,
  };
}

export function alertBody(overrides: Partial<CreateAlertDto> = {}): CreateAlertDto {
  return {
    headline: 'Flood warning for the river valley',
    event: 'Flood',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Likely',
    status: 'Actual',
    area: { polygons: [SQUARE_WITH_HOLE] },
    texts: { en: 'Flood warning: move to higher ground now.', es: 'Alerta de inundación: suba a terreno elevado ahora.' },
    ...overrides,
  };
}
