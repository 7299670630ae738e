import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView } from '../../src/alerts/alert.view.js';
import type { CreateAlertDto } from '../../src/alerts/dto/create-alert.dto.js';
import type { CreateTemplateDto, UpdateTemplateDto } from '../../src/templates/dto/template.dto.js';
import type { TemplateSummaryView, TemplateView } from '../../src/templates/template.view.js';
import { approveAlert } from '../support/alerts.js';
import { ADMIN_KEY, eventually, startBeacon, type Beacon } from '../support/beacon.js';
import { alertBody, subscriberBody } from '../support/fixtures.js';
import { capSchemaErrors } from './cap-support.js';

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

interface SimulatedMessage {
  to: string;
  text: string;
  language: string;
}

const roadClosure: CreateTemplateDto = {
  key: 'road-closure-e2e',
  name: 'Road closure',
  defaultLanguage: 'en',
  variables: [
    { name: 'road', type: 'text', required: true },
    { name: 'detour', type: 'url', required: false },
  ],
  languages: {
    en: {
      event: 'Road closure',
      headline: '{{road}} closed',
      description: '{{road}} is closed.',
      instruction: 'Use another route.',
      short: '{{road}} closed.',
      long: '{{road}} is closed. Use another route.{{#if detour}} Detour: {{detour}}{{/if}}',
    },
  },
};

/** Everything of a draft but its content (headline, event, texts). */
function withoutContent(): CreateAlertDto {
  const body: CreateAlertDto = alertBody();
  delete body.headline;
  delete body.event;
  delete body.texts;
  return body;
}

/** A template alert: no headline, event or texts of its own. */
function templateAlert(template: NonNullable<CreateAlertDto['template']>, overrides: Partial<CreateAlertDto> = {}): CreateAlertDto {
  return { ...withoutContent(), template, ...overrides };
}

describe('alerts drafted from a template record the version they used', () => {
  let beacon: Beacon;
  let operator: string;
  let approver: string;
  let boilWaterId: string;
  const phones: Record<string, string> = {};

  const draft = (body: CreateAlertDto) => beacon.http.post('/api/v1/alerts').set(beacon.auth(operator)).send(body);

  beforeAll(async () => {
    beacon = await startBeacon();
    operator = await beacon.createOperator('Tess Operator', ['operator']);
    approver = await beacon.createOperator('Sam Approver', ['approver']);
    const templates = (await beacon.http.get('/api/v1/templates').set(beacon.auth(operator)).expect(200)).body as { templates: TemplateSummaryView[] };
    boilWaterId = templates.templates.find((template) => template.key === 'boil-water')!.id;
    for (const [name, language] of [['english', 'en'], ['spanish', 'es'], ['arabic', 'ar']] as const) {
      const body = subscriberBody([{ lat: 50.2, lon: 10.2 }], { language });
      await beacon.http.post('/api/v1/subscribers').set(beacon.auth(ADMIN_KEY)).send(body).expect(201);
      phones[name] = body.phone.slice(1);
    }
  });
  afterAll(() => beacon.close());

  it('renders every language of the template, records id, version, variables and each channel, and sends the rendered texts', async () => {
    const variables = { area: 'Riverside', info_url: 'https://water.example.gov/notice', hotline: '+15555550100' };
    const created = await draft(templateAlert({ id: boilWaterId, variables })).expect(201);
    const alert = created.body as AlertView;
    expect(alert.template).toEqual({ id: boilWaterId, version: 1, variables });
    expect(alert.headline).toBe('Boil-water notice for Riverside');
    expect(alert.event).toBe('Boil-water notice');
    expect(Object.keys(alert.texts).sort()).toEqual(['ar', 'en', 'es', 'fr', 'pt']);
    expect(alert.texts.es).toMatch(/^AVISO DE HERVIR EL AGUA en Riverside\./);
    // What each channel will get is on record: WhatsApp template parameters, SMS text and segments, email subject and HTML.
    const english = alert.renderings!.en!;
    expect(english.whatsapp).toMatchObject({ name: 'beacon_boil_water', language: { code: 'en' }, parameterFormat: 'named' });
    expect(english.whatsapp!.components[0].parameters.length).toBeGreaterThan(0);
    expect(english.sms).toMatchObject({ encoding: 'GSM-7', text: alert.texts.en });
    expect(english.email.subject).toBe('Boil-water notice for Riverside');
    expect(english.email.html).toContain('<a href="tel:+15555550100">');
    expect(alert.renderings!.ar!.direction).toBe('rtl');

    await beacon.http.post(`/api/v1/alerts/${alert.id}/submit`).set(beacon.auth(operator)).expect(200);
    await approveAlert(beacon.http, beacon.auth(approver), alert.id);
    const received = await eventually(async () => {
      const { messages } = (await beacon.http.get('/simulator/messages').expect(200)).body as { messages: SimulatedMessage[] };
      const ours = messages.filter((message) => Object.values(phones).includes(message.to));
      return ours.length === 3 ? new Map(ours.map((message) => [message.to, message.text])) : undefined;
    }, 20_000, 'the three messages');
    expect(received.get(phones.spanish!)).toBe(alert.texts.es);
    expect(received.get(phones.arabic!)).toBe(alert.texts.ar);
    expect(received.get(phones.english!)).toBe(alert.texts.en);
  });

  it('renders only the languages asked for; a text given by hand replaces that language', async () => {
    const created = await draft(
      templateAlert({ id: boilWaterId, variables: { area: 'Riverside', info_url: 'https://water.example.gov/notice' }, languages: ['en', 'fr'] }, { texts: { de: 'Wasser abkochen.' }, headline: 'Abkochgebot' }),
    ).expect(201);
    const alert = created.body as AlertView;
    expect(Object.keys(alert.texts).sort()).toEqual(['de', 'en', 'fr']);
    expect(Object.keys(alert.renderings!).sort()).toEqual(['en', 'fr']);
    expect(alert.headline).toBe('Abkochgebot');
  });

  it('a hand edit of the texts drops the template record, so the alert never claims a rendering it no longer sends', async () => {
    const created = await draft(templateAlert({ id: boilWaterId, variables: { area: 'Riverside', info_url: 'https://water.example.gov/notice' } })).expect(201);
    const alert = created.body as AlertView;
    expect(alert.renderings).not.toBeNull();
    const edited = await beacon.http.patch(`/api/v1/alerts/${alert.id}`).set(beacon.auth(operator)).send({ texts: { en: 'Boil all tap water before drinking.' } }).expect(200);
    const view = edited.body as AlertView;
    expect(view.texts).toEqual({ en: 'Boil all tap water before drinking.' });
    expect(view.template).toBeNull();
    expect(view.renderings).toBeNull();
    expect(view.contentHash).not.toBe(alert.contentHash);
  });

  it('a missing, extra or ill-typed variable is a 400 naming each variable; nothing is stored', async () => {
    const before = ((await beacon.http.get('/api/v1/alerts').set(beacon.auth(operator)).expect(200)).body as { alerts: unknown[] }).alerts.length;
    const response = await draft(templateAlert({ id: boilWaterId, variables: { area: 'Riverside', info_url: 'not a url', pets: true } })).expect(400);
    const error = (response.body as ErrorBody).error;
    expect(error.code).toBe('template.invalid_variables');
    const problems = (error.details as { variables: { variable: string; problem: string }[] }).variables;
    expect(problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ variable: 'info_url', problem: 'invalid' }),
      expect.objectContaining({ variable: 'pets', problem: 'unexpected' }),
    ]));
    const missing = await draft(templateAlert({ id: boilWaterId, variables: { area: 'Riverside' } })).expect(400);
    expect((missing.body as ErrorBody).error.message).toContain('info_url');
    const after = ((await beacon.http.get('/api/v1/alerts').set(beacon.auth(operator)).expect(200)).body as { alerts: unknown[] }).alerts.length;
    expect(after).toBe(before);
  });

  it('an unknown template or version is a 404 with a code; no content at all is a 400', async () => {
    const unknown = await draft(templateAlert({ id: '00000000-0000-4000-8000-000000000000', variables: {} })).expect(404);
    expect((unknown.body as ErrorBody).error.code).toBe('template.not_found');
    const version = await draft(templateAlert({ id: boilWaterId, version: 99, variables: {} })).expect(404);
    expect((version.body as ErrorBody).error).toMatchObject({ code: 'template.version_not_found', details: { version: 99, latest: 1 } });
    const nothing = await draft({ ...withoutContent(), headline: 'Headline only', event: 'Flood' }).expect(400);
    expect((nothing.body as ErrorBody).error.code).toBe('alert.content_required');
    const badShape = await draft(templateAlert({ id: 'not-a-uuid', variables: {} })).expect(400);
    expect((badShape.body as ErrorBody).error.code).toBe('validation_failed');
  });

  it('a later template version does not change an alert drafted from an earlier one; a version can be pinned', async () => {
    const template = (await beacon.http.post('/api/v1/templates').set(beacon.auth(operator)).send(roadClosure).expect(201)).body as TemplateView;
    const first = (await draft(templateAlert({ id: template.id, variables: { road: 'A7' } })).expect(201)).body as AlertView;
    expect(first.texts).toEqual({ en: 'A7 is closed. Use another route.' });

    const changed: UpdateTemplateDto = { ...roadClosure, languages: { en: { ...roadClosure.languages.en!, long: 'CLOSED: {{road}}. Find another way.' } } };
    delete (changed as Partial<CreateTemplateDto>).key;
    await beacon.http.put(`/api/v1/templates/${template.id}`).set(beacon.auth(operator)).send(changed).expect(200);

    const again = (await beacon.http.get(`/api/v1/alerts/${first.id}`).set(beacon.auth(operator)).expect(200)).body as AlertView;
    expect(again.template).toEqual({ id: template.id, version: 1, variables: { road: 'A7' } });
    expect(again.texts).toEqual({ en: 'A7 is closed. Use another route.' });
    expect(again.renderings!.en!.sms.text).toBe('A7 is closed. Use another route.');

    const second = (await draft(templateAlert({ id: template.id, variables: { road: 'A7' } })).expect(201)).body as AlertView;
    expect(second.template?.version).toBe(2);
    expect(second.texts).toEqual({ en: 'CLOSED: A7. Find another way.' });
    const pinned = (await draft(templateAlert({ id: template.id, version: 1, variables: { road: 'B9' } })).expect(201)).body as AlertView;
    expect(pinned.template?.version).toBe(1);
    expect(pinned.texts.en).toBe('B9 is closed. Use another route.');
  });

  it('the CAP export of a template alert carries each language\'s rendered CAP fields and validates', async () => {
    const created = (await draft(templateAlert({ id: boilWaterId, variables: { area: 'Riverside', info_url: 'https://water.example.gov/notice' } })).expect(201)).body as AlertView;
    const xml = (await beacon.http.get(`/api/v1/alerts/${created.id}/cap`).set(beacon.auth(operator)).expect(200)).text;
    expect(await capSchemaErrors(xml)).toEqual([]);
    expect(xml).toContain('<event>Aviso de hervir el agua</event>');
    expect(xml).toContain('<web>https://water.example.gov/notice</web>');
    expect(xml).toMatch(/<instruction>Bring tap water to a rolling boil/);
  });
});
