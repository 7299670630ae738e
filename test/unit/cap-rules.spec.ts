import { describe, expect, it } from 'vitest';
import { normalizeArea } from '../../src/areas/validate-area.js';
import { alertIdOfIdentifier, beaconIdentifier } from '../../src/alerts/cap/alert-to-cap.js';
import { capCircleToArea, capPolygonToGeoJson, dispatchAreaOf, ringToCapPolygon } from '../../src/alerts/cap/cap-geometry.js';
import { formatCapTime, normalizeCapTime } from '../../src/alerts/cap/cap-time.js';
import { capToAlert } from '../../src/alerts/cap/cap-to-alert.js';
import type { CapInfo, CapMessage } from '../../src/alerts/cap/cap.types.js';
import { assertDispatchable } from '../../src/alerts/cap/dispatch-guards.js';

const check = (area: unknown) => {
  normalizeArea(area);
};

function info(overrides: Partial<CapInfo> = {}): CapInfo {
  return {
    language: 'en-US', categories: ['Met'], event: 'Storm', responseTypes: [], urgency: 'Expected', severity: 'Moderate', certainty: 'Likely',
    eventCodes: [], parameters: [], areas: [], headline: 'Storm warning', ...overrides,
  };
}

function message(infos: CapInfo[]): CapMessage {
  return { identifier: 'id-1', sender: 's@example.org', sent: '2026-01-02T03:04:05+00:00', status: 'Actual', msgType: 'Alert', scope: 'Public', codes: [], infos };
}

describe('CAP geometry', () => {
  it('reads latitude first and writes it back the same way', () => {
    const polygon = capPolygonToGeoJson('38.47,-120.14 38.34,-119.95 38.52,-119.74 38.47,-120.14', 'p');
    expect(polygon.coordinates[0]![0]).toEqual([-120.14, 38.47]);
    expect(ringToCapPolygon(polygon.coordinates[0]!)).toBe('38.47,-120.14 38.34,-119.95 38.52,-119.74 38.47,-120.14');
    expect(capCircleToArea(' 32.9525,-115.5527 0 ', 'c')).toEqual({ lat: 32.9525, lon: -115.5527, radiusKm: 0 });
  });

  it('the dispatch area is the union of every area, each shape once, points left out', () => {
    const square = capPolygonToGeoJson('50,10 50,11 51,11 51,10 50,10', 'p');
    const circle = { lat: 50, lon: 10, radiusKm: 5 };
    const area = (polygons = [square], circles = [circle]) => ({ areaDesc: 'a', polygons, circles, geocodes: [] });
    const result = dispatchAreaOf([
      { area: area(), path: 'a1' },
      { area: area(), path: 'a2' },
      { area: area([], [{ lat: 1, lon: 2, radiusKm: 0 }]), path: 'a3' },
    ]);
    expect(result).toEqual({ area: { polygons: [square], circles: [circle] }, pointCircles: ['a3/circle[1]'] });
  });
});

describe('CAP times', () => {
  it.each([
    ['2003-06-17T14:57:00-07:00', '2003-06-17T14:57:00-07:00'],
    ['2026-09-12T02:00:21-00:00', '2026-09-12T02:00:21-00:00'],
    ['2026-09-12T02:00:21.250Z', '2026-09-12T02:00:21+00:00'],
    ['2026-09-12T02:00:21', undefined],
    ['2026-02-30T25:00:00+00:00', undefined],
    ['next tuesday', undefined],
  ])('%s -> %s', (text, expected) => {
    expect(normalizeCapTime(text)).toBe(expected);
  });

  it('formats in UTC with an offset, never Z', () => {
    expect(formatCapTime(new Date('2026-11-25T10:11:12.345Z'))).toBe('2026-11-25T10:11:12+00:00');
  });
});

describe('capToAlert', () => {
  it('keys texts by base language when unique, by full tag when two infos share one', () => {
    const notes = { dropped: [], warnings: [] };
    expect(Object.keys(capToAlert(message([info(), info({ language: 'es-US' })]), notes, check).texts)).toEqual(['en', 'es']);
    expect(Object.keys(capToAlert(message([info(), info({ language: 'en-GB' })]), notes, check).texts)).toEqual(['en-US', 'en-GB']);
  });

  it('text is headline, description and instruction; the alert expires with its last info', () => {
    const alert = capToAlert(
      message([
        info({ description: 'Winds to 90 km/h.', instruction: 'Stay inside.', expires: '2026-01-02T05:00:00+00:00' }),
        info({ language: 'fr-CA', headline: undefined, expires: '2026-01-02T06:00:00+01:00' }),
      ]),
      { dropped: [], warnings: [] },
      check,
    );
    expect(alert.texts).toEqual({ en: 'Storm warning\n\nWinds to 90 km/h.\n\nStay inside.', fr: 'Storm' });
    expect(alert.expiresAt).toEqual(new Date('2026-01-02T05:00:00Z'));
    expect(capToAlert(message([info({ expires: '2026-01-02T05:00:00+00:00' }), info({ language: 'fr' })]), { dropped: [], warnings: [] }, check).expiresAt).toBeNull();
  });
});

describe('identifiers and approval guards', () => {
  it('a Beacon identifier carries the alert id', () => {
    const id = '3f2b8c4e-1d2a-4b7c-9e8f-0a1b2c3d4e5f';
    expect(alertIdOfIdentifier(beaconIdentifier(id))).toBe(id);
    expect(alertIdOfIdentifier('urn:oid:2.49.0.1')).toBeUndefined();
  });

  it('refuses an alert with no geometry, or expired', () => {
    const now = new Date('2026-06-01T00:00:00Z');
    const polygon = { polygons: [{ type: 'Polygon' }] };
    expect(() => assertDispatchable({ id: 'a', area: { polygons: [], circles: [] } }, now)).toThrow(expect.objectContaining({ code: 'alert.no_geometry', status: 409 }));
    expect(() => assertDispatchable({ id: 'a', area: polygon, expiresAt: now }, now)).toThrow(expect.objectContaining({ code: 'alert.expired', status: 409 }));
    expect(() => assertDispatchable({ id: 'a', area: polygon, expiresAt: new Date('2026-06-01T00:00:01Z') }, now)).not.toThrow();
  });
});
