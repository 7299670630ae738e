import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../src/alerts/approval/content-hash.js';
import { effectiveFilters, outgoingContent, type ContentSource } from '../../src/alerts/approval/outgoing-content.js';

const OPTIONS = { channels: ['whatsapp', 'sms'], testRecipientTag: 'test-recipient' };

function alert(overrides: Partial<ContentSource> = {}): ContentSource {
  return {
    headline: 'Flood warning',
    event: 'Flood',
    severity: 'Severe',
    urgency: 'Immediate',
    certainty: 'Likely',
    status: 'Actual',
    area: { polygons: [{ type: 'Polygon', coordinates: [[[10, 50], [11, 50], [11, 51], [10, 50]]] }] },
    texts: { en: 'Move to higher ground.', es: 'Suba a terreno elevado.' },
    audienceFilters: { languages: ['en', 'es'], tags: ['river'] },
    msgType: 'Alert',
    capReferences: null,
    capInfos: null,
    expiresAt: new Date('2026-11-26T06:00:00Z'),
    onsetAt: null,
    renderings: null,
    ...overrides,
  };
}

const hashOf = (source: ContentSource, options = OPTIONS) => contentHash(outgoingContent(source, options));

describe('canonical JSON', () => {
  it('does not depend on the order keys were written in, at any depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: 'x' } })).toBe(canonicalJson({ a: { c: 'x', d: [1, { x: 1, y: 2 }] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('keeps array order, drops undefined members and writes dates as ISO strings', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
    expect(canonicalJson({ a: undefined, b: new Date('2026-01-01T00:00:00Z') })).toBe('{"b":"2026-01-01T00:00:00.000Z"}');
  });
});

describe('content hash', () => {
  it('is 64 hex digits and stable under key order and filter list order', () => {
    const hash = hashOf(alert());
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    const reordered = alert({
      texts: { es: 'Suba a terreno elevado.', en: 'Move to higher ground.' },
      audienceFilters: { tags: ['river'], languages: ['es', 'en', 'es'] },
    });
    expect(hashOf(reordered)).toBe(hash);
    expect(hashOf(alert(), { ...OPTIONS, channels: ['sms', 'whatsapp'] })).toBe(hash);
  });

  const changes: [string, Partial<ContentSource>][] = [
    ['a text', { texts: { en: 'Move to higher ground now.', es: 'Suba a terreno elevado.' } }],
    ['a language added', { texts: { en: 'Move to higher ground.', es: 'Suba a terreno elevado.', fr: 'Montez.' } }],
    ['the area', { area: { circles: [{ lat: 50.5, lon: 10.5, radiusKm: 5 }] } }],
    ['the language filter', { audienceFilters: { languages: ['en'], tags: ['river'] } }],
    ['the tag filter', { audienceFilters: { languages: ['en', 'es'] } }],
    ['the channel filter', { audienceFilters: { languages: ['en', 'es'], tags: ['river'], channels: ['sms'] } }],
    ['the status', { status: 'Exercise' }],
    ['the severity', { severity: 'Extreme' }],
    ['the urgency', { urgency: 'Expected' }],
    ['the certainty', { certainty: 'Observed' }],
    ['the event', { event: 'Storm' }],
    ['the headline', { headline: 'Flood warning (updated)' }],
    ['the message type', { msgType: 'Update' }],
    ['the references', { capReferences: 'beacon@example.org,urn:beacon:alert:1,2026-11-25T18:00:00-00:00' }],
    ['the expiry', { expiresAt: new Date('2026-11-26T07:00:00Z') }],
    ['no expiry', { expiresAt: null }],
    ['the CAP infos', { capInfos: [{ language: 'en' }] }],
    ['the scheduled onset', { onsetAt: new Date('2026-11-26T05:00:00Z') }],
    ['the channel renderings', { renderings: { sms: { en: { text: 'Move.' } } } }],
  ];

  it.each(changes)('changes when %s changes', (_what, change) => {
    expect(hashOf(alert(change))).not.toBe(hashOf(alert()));
  });

  it('changes when Beacon can send on another channel', () => {
    expect(hashOf(alert(), { ...OPTIONS, channels: ['whatsapp'] })).not.toBe(hashOf(alert()));
  });

  it('covers the texts as sent: an exercise hashes its marked texts, per channel', () => {
    const content = outgoingContent(alert({ status: 'Exercise', audienceFilters: null }), OPTIONS);
    expect(Object.keys(content.texts).sort()).toEqual(['sms', 'whatsapp']);
    expect(content.texts.whatsapp!.en).toBe('EXERCISE - EXERCISE - EXERCISE\nMove to higher ground.');
    expect(content.texts.sms!.es).toBe('SIMULACRO - SIMULACRO - SIMULACRO\nSuba a terreno elevado.');
    expect(content.filters).toEqual({ requiredTags: ['test-recipient'] });
  });
});

describe('effective audience filters', () => {
  it('leave an Actual alert\'s filters as the operator set them', () => {
    expect(effectiveFilters({ tags: ['river'] }, 'Actual', 'test-recipient')).toEqual({ tags: ['river'] });
    expect(effectiveFilters(null, 'Actual', 'test-recipient')).toEqual({});
  });

  it.each(['Exercise', 'Test'])('narrow a %s alert to test recipients, keeping the operator\'s filters (an intersection)', (status) => {
    expect(effectiveFilters({ tags: ['river'], languages: ['en'] }, status, 'drill')).toEqual({ tags: ['river'], languages: ['en'], requiredTags: ['drill'] });
  });
});
