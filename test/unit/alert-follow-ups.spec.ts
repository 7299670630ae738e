import { describe, expect, it } from 'vitest';
import { capToAlert } from '../../src/alerts/cap/cap-to-alert.js';
import type { CapInfo, CapMessage } from '../../src/alerts/cap/cap.types.js';
import { cancelHeadline, cancelNotices, subjectOf } from '../../src/alerts/follow-up/cancel-notice.js';
import { referencesAfter } from '../../src/alerts/follow-up/references.js';
import { earliestOnset, readSchedule } from '../../src/alerts/schedule/schedule-input.js';
import { contentFromTemplate } from '../../src/alerts/template/alert-template.js';
import { normalizeArea } from '../../src/areas/validate-area.js';
import { renderTemplate } from '../../src/templates/domain/render-template.js';
import { compileTemplate } from '../../src/templates/domain/template-definition.js';
import { validateVariables } from '../../src/templates/domain/variable-values.js';
import type { RenderedTemplate } from '../../src/templates/templates.service.js';
import { boilWater } from '../../src/templates/starter/boil-water.js';

describe('cancellation notices', () => {
  const texts = {
    en: 'Flood warning: move to higher ground now.',
    es: 'Alerta de inundación: suba a terreno elevado ahora.',
    fr: 'Alerte inondation : montez sur les hauteurs.',
    'pt-BR': 'Alerta de inundação: vá para um local alto.',
    ar: 'تحذير من الفيضان: انتقلوا إلى مكان مرتفع الآن.',
    de: 'Hochwasserwarnung: Gehen Sie sofort in höhere Lagen.',
  };

  it('one per language of the earlier alert, in that language, quoting its text', () => {
    const notices = cancelNotices(texts);
    expect(Object.keys(notices)).toEqual(Object.keys(texts));
    expect(notices.en).toBe('CANCELLED: the alert "Flood warning: move to higher ground now." sent earlier is cancelled. Disregard it.');
    expect(notices.es).toBe('CANCELADA: la alerta «Alerta de inundación: suba a terreno elevado ahora.» enviada anteriormente queda cancelada. No la tenga en cuenta.');
    expect(notices.fr).toBe('ANNULÉE\u00a0: l’alerte «\u00a0Alerte inondation : montez sur les hauteurs.\u00a0» envoyée précédemment est annulée. N’en tenez plus compte.');
    expect(notices['pt-BR']).toMatch(/^CANCELADO: o alerta «Alerta de inundação: vá para um local alto\.» enviado anteriormente foi cancelado\./);
    // Arabic: the quoted text is isolated so that Latin script inside it cannot reorder the sentence.
    expect(notices.ar).toBe('إلغاء: أُلغي التنبيه «\u2068تحذير من الفيضان: انتقلوا إلى مكان مرتفع الآن.\u2069» الذي أُرسل سابقًا. يُرجى عدم الأخذ به.');
    // A language without its own notice gets the English one.
    expect(notices.de).toMatch(/^CANCELLED: the alert "Hochwasserwarnung/);
  });

  it('quotes the first line, cut at a word', () => {
    expect(subjectOf('\nFirst line\nSecond line')).toBe('First line');
    const long = 'word '.repeat(30).trim();
    const subject = subjectOf(long);
    expect([...subject].length).toBeLessThanOrEqual(80);
    expect(subject.endsWith('word…')).toBe(true);
    expect(cancelHeadline('Flood warning')).toBe('Cancelled: Flood warning');
    expect([...cancelHeadline('x'.repeat(200))].length).toBe(160);
  });
});

describe('CAP references of a follow-up', () => {
  const createdAt = new Date('2026-11-25T10:00:00.500Z');

  it('names the earlier alert by sender, identifier and sent, after what it referenced itself', () => {
    const own = { id: '3f2b8c4e-1d2a-4b7c-9e8f-0a1b2c3d4e5f', capIdentifier: null, capSender: null, capSent: null, capReferences: null, createdAt };
    const first = referencesAfter(own, 'beacon@example.org');
    expect(first).toBe('beacon@example.org,urn:beacon:alert:3f2b8c4e-1d2a-4b7c-9e8f-0a1b2c3d4e5f,2026-11-25T10:00:00+00:00');
    const update = { ...own, id: '4f2b8c4e-1d2a-4b7c-9e8f-0a1b2c3d4e5f', capReferences: first };
    expect(referencesAfter(update, 'beacon@example.org').split(' ')).toEqual([first, 'beacon@example.org,urn:beacon:alert:4f2b8c4e-1d2a-4b7c-9e8f-0a1b2c3d4e5f,2026-11-25T10:00:00+00:00']);
  });

  it('keeps an imported alert\'s own header and references, each once', () => {
    const imported = { id: 'x', capIdentifier: 'KSTO-2', capSender: 'ksto@nws.noaa.gov', capSent: '2026-11-25T03:00:00-07:00', capReferences: 'ksto@nws.noaa.gov,KSTO-1,2026-11-25T02:00:00-07:00', createdAt };
    expect(referencesAfter(imported, 'beacon@example.org')).toBe('ksto@nws.noaa.gov,KSTO-1,2026-11-25T02:00:00-07:00 ksto@nws.noaa.gov,KSTO-2,2026-11-25T03:00:00-07:00');
  });
});

describe('onset and expiry of a draft', () => {
  it('reads date-times with an offset; the onset must come first', () => {
    expect(readSchedule({ onset: '2026-11-25T18:00:00-06:00', expires: '2026-11-26T00:00:01Z' })).toEqual({
      onsetAt: new Date('2026-11-26T00:00:00Z'),
      expiresAt: new Date('2026-11-26T00:00:01Z'),
    });
    expect(readSchedule({})).toEqual({ onsetAt: null, expiresAt: null });
    expect(() => readSchedule({ onset: '2026-11-25T18:00:00' })).toThrow(expect.objectContaining({ code: 'alert.invalid_time', status: 400, details: { field: 'onset' } }));
    expect(() => readSchedule({ onset: '2026-11-26T00:00:00Z', expires: '2026-11-25T18:00:00-06:00' })).toThrow(expect.objectContaining({ code: 'alert.invalid_schedule' }));
  });

  it('an Update keeps the earlier expiry unless it gives one', () => {
    const earlier = { onsetAt: null, expiresAt: new Date('2026-12-01T00:00:00Z') };
    expect(readSchedule({}, earlier)).toEqual(earlier);
    expect(readSchedule({ expires: '2026-12-02T00:00:00Z' }, earlier).expiresAt).toEqual(new Date('2026-12-02T00:00:00Z'));
  });

  it('a CAP message starts at the earliest onset of its infos', () => {
    expect(earliestOnset([undefined, '2026-11-25T18:00:00-06:00', '2026-11-25T23:00:00+00:00'])).toEqual(new Date('2026-11-25T23:00:00Z'));
    expect(earliestOnset([undefined])).toBeNull();
  });
});

describe('alert content from a template', () => {
  const variables = { area: 'Riverside', info_url: 'https://water.example.gov/notice' };

  function rendered(languages?: string[]): RenderedTemplate {
    const template = compileTemplate(boilWater.definition);
    const renderings = renderTemplate(template, validateVariables(template.definition.variables, variables), languages);
    return {
      templateId: '3f2b8c4e-1d2a-4b7c-9e8f-0a1b2c3d4e5f', key: 'boil-water', version: 3, defaultLanguage: 'en',
      languages: Object.fromEntries(renderings.map((rendering) => [rendering.language, rendering])), warnings: [],
    };
  }

  it('texts are the long texts of every language; headline and event of the default; the version is recorded', () => {
    const content = contentFromTemplate(rendered(), variables);
    expect(Object.keys(content.texts).sort()).toEqual(['ar', 'en', 'es', 'fr', 'pt']);
    expect(content.texts.en).toBe('BOIL-WATER NOTICE for Riverside. Boil tap water for 1 minute before drinking, cooking, brushing teeth or making baby formula, or use bottled water. Updates: https://water.example.gov/notice');
    expect(content).toMatchObject({ headline: 'Boil-water notice for Riverside', event: 'Boil-water notice', templateId: '3f2b8c4e-1d2a-4b7c-9e8f-0a1b2c3d4e5f', templateVersion: 3, templateVariables: variables });
    expect(content.renderings?.es?.sms.text).toMatch(/^AVISO DE HERVIR EL AGUA en Riverside/);
    expect(content.renderings?.en?.whatsapp?.name).toBe('beacon_boil_water');
  });

  it('a text given by hand replaces that language and its rendering; headline and event may be given', () => {
    const content = contentFromTemplate(rendered(['en', 'es']), variables, { texts: { es: 'Texto propio.', de: 'Eigener Text.' }, headline: 'Own headline' });
    expect(content.texts).toMatchObject({ es: 'Texto propio.', de: 'Eigener Text.' });
    expect(Object.keys(content.renderings ?? {})).toEqual(['en']);
    expect(content.headline).toBe('Own headline');
  });
});

describe('CAP import of geocode-only areas', () => {
  const check = (area: unknown) => {
    normalizeArea(area);
  };
  const info = (areas: CapInfo['areas']): CapInfo => ({
    language: 'en-US', categories: ['Rescue'], event: 'Child Abduction', responseTypes: [], urgency: 'Immediate', severity: 'Severe', certainty: 'Likely',
    eventCodes: [], parameters: [], areas, headline: 'Amber alert',
  });
  const message = (infos: CapInfo[]): CapMessage => ({ identifier: 'a4', sender: 's@example.org', sent: '2026-01-02T03:04:05+00:00', status: 'Actual', msgType: 'Alert', scope: 'Public', codes: [], infos });
  const known = new Set(['SAME 006037']);
  const isKnown = (code: { valueName: string; value: string }) => known.has(`${code.valueName} ${code.value}`);

  it('targets the geocodes the library knows and lists the others as dropped', () => {
    const notes = { dropped: [], warnings: [] };
    const geocodes = [{ valueName: 'SAME', value: '006037' }, { valueName: 'SAME', value: '006059' }];
    const alert = capToAlert(message([info([{ areaDesc: 'LA', polygons: [], circles: [], geocodes }]), { ...info([{ areaDesc: 'LA', polygons: [], circles: [], geocodes: geocodes.slice(0, 1) }]), language: 'es-US' }]), notes, check, isKnown);
    expect(alert.area).toEqual({ polygons: [], circles: [], geocodes: [{ valueName: 'SAME', value: '006037' }] });
    expect(notes.dropped).toEqual([{ path: 'alert/info[1]/area[1]/geocode[2]', reason: expect.stringContaining('SAME 006059') }]);
    expect(notes.warnings).toEqual([]);
  });

  it('an area with a polygon is targeted by the polygon, not by its geocodes', () => {
    const polygon = { type: 'Polygon' as const, coordinates: [[[10, 50], [11, 50], [11, 51], [10, 50]]] };
    const alert = capToAlert(message([info([{ areaDesc: 'x', polygons: [polygon], circles: [], geocodes: [{ valueName: 'SAME', value: '006037' }] }])]), { dropped: [], warnings: [] }, check, isKnown);
    expect(alert.area).toEqual({ polygons: [polygon], circles: [] });
  });

  it('nothing known: an empty area, with the reason as a warning', () => {
    const notes = { dropped: [], warnings: [] };
    const alert = capToAlert(message([info([{ areaDesc: 'x', polygons: [], circles: [], geocodes: [{ valueName: 'FIPS6', value: '999999' }] }])]), notes, check, isKnown);
    expect(alert.area).toEqual({ polygons: [], circles: [] });
    expect(notes.dropped.map((note: { path: string }) => note.path)).toEqual(['alert/info[1]/area[1]/geocode[1]']);
    expect(notes.warnings).toEqual([{ path: 'alert', reason: expect.stringContaining('alert.no_geometry') }]);
  });
});
