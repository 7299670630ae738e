import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ADMIN_KEY, startBeacon, type Beacon } from '../support/beacon.js';
import type { CreateTemplateDto, PreviewTemplateDto, UpdateTemplateDto } from '../../src/templates/dto/template.dto.js';
import type { RenderedTemplate } from '../../src/templates/templates.service.js';
import type { TemplateSummaryView, TemplateView } from '../../src/templates/template.view.js';
import { StarterTemplatesSeeder } from '../../src/templates/starter-seeder.js';

interface ErrorResponse {
  error: { code: string; message: string; details?: unknown };
}

const draft: CreateTemplateDto = {
  key: 'road-closure',
  name: 'Road closure',
  defaultLanguage: 'en',
  variables: [
    { name: 'road', type: 'text', required: true },
    { name: 'reopens', type: 'datetime', required: false },
  ],
  languages: {
    en: {
      event: 'Road closure',
      headline: '{{road}} closed',
      description: '{{road}} is closed.{{#if reopens}} It should reopen {{reopens}}.{{/if}}',
      instruction: 'Use another route.',
      short: '{{road}} closed. Use another route.',
      long: '{{road}} is closed. Use another route.',
    },
  },
  whatsapp: { name: 'beacon_road_closure', parameterFormat: 'positional', parameters: ['headline', 'instruction'] },
};

/** The same content as a PUT body (no key). */
const draftContent: UpdateTemplateDto = { name: draft.name, defaultLanguage: draft.defaultLanguage, variables: draft.variables, languages: draft.languages, whatsapp: draft.whatsapp };

describe('templates API', () => {
  let beacon: Beacon;
  let operator: string;
  let auditor: string;
  let client: pg.Client;

  beforeAll(async () => {
    beacon = await startBeacon();
    operator = await beacon.createOperator('Olu Operator', ['operator']);
    auditor = await beacon.createOperator('Ada Auditor', ['auditor']);
    client = new pg.Client({ connectionString: beacon.db.url });
    await client.connect();
  });
  afterAll(async () => {
    await client.end();
    await beacon.close();
  });

  const templateCount = async () => Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM template_version')).rows[0]!.n);
  const list = async () => ((await beacon.http.get('/api/v1/templates').set(beacon.auth(auditor)).expect(200)).body as { templates: TemplateSummaryView[] }).templates;
  const starter = async (key: string) => (await list()).find((template) => template.key === key)!;

  it('seeds the six starter templates once, in five languages', async () => {
    const templates = await list();
    expect(templates.filter((template) => template.starter).map((template) => template.key).sort()).toEqual(
      ['all-clear', 'boil-water', 'evacuation-order', 'flood-warning', 'shelter-in-place', 'shelters-open'],
    );
    for (const template of templates.filter((t) => t.starter)) expect(template.languages).toEqual(['en', 'ar', 'es', 'fr', 'pt']);
    const before = await templateCount();
    await beacon.app.get(StarterTemplatesSeeder).onApplicationBootstrap();
    expect(await templateCount()).toBe(before);
  });

  it('creates a template (audited), and a change makes a new version while the old one stays readable', async () => {
    const created = await beacon.http.post('/api/v1/templates').set(beacon.auth(operator)).send(draft).expect(201);
    const v1 = created.body as TemplateView;
    expect(v1).toMatchObject({ key: 'road-closure', version: 1, currentVersion: 1, languages: ['en'] });

    const change: UpdateTemplateDto = { ...draftContent, expectedVersion: 1, languages: { ...draft.languages, es: { ...draft.languages.en!, event: 'Corte de carretera', headline: '{{road}} cortada' } } };
    const updated = (await beacon.http.put(`/api/v1/templates/${v1.id}`).set(beacon.auth(ADMIN_KEY)).send(change).expect(200)).body as TemplateView;
    expect(updated).toMatchObject({ id: v1.id, version: 2, currentVersion: 2, languages: ['en', 'es'] });

    const current = (await beacon.http.get(`/api/v1/templates/${v1.id}`).set(beacon.auth(auditor)).expect(200)).body as TemplateView;
    expect(current.version).toBe(2);
    const old = (await beacon.http.get(`/api/v1/templates/${v1.id}?version=1`).set(beacon.auth(auditor)).expect(200)).body as TemplateView;
    expect(old).toMatchObject({ version: 1, currentVersion: 2, languages: ['en'] });
    const missing = (await beacon.http.get(`/api/v1/templates/${v1.id}?version=3`).set(beacon.auth(auditor)).expect(404)).body as ErrorResponse;
    expect(missing.error.code).toBe('template.version_not_found');

    const stale = (await beacon.http.put(`/api/v1/templates/${v1.id}`).set(beacon.auth(operator)).send(change).expect(409)).body as ErrorResponse;
    expect(stale.error).toMatchObject({ code: 'template.version_conflict', details: { expected: 1, current: 2 } });

    const events = await beacon.http.get(`/api/v1/audit/events?subjectId=${v1.id}`).set(beacon.auth(auditor)).expect(200);
    const actions = (events.body as { events: { action: string; data: { version: number } }[] }).events.map((event) => `${event.action}@${event.data.version}`);
    expect(actions.sort()).toEqual(['template.created@1', 'template.versioned@2']);

    await expect(client.query(`UPDATE template_version SET name = 'x' WHERE template_id = $1`, [v1.id])).rejects.toThrow(/immutable/);
  });

  it('numbers concurrent changes one after the other, never twice the same version', async () => {
    const created = (await beacon.http.post('/api/v1/templates').set(beacon.auth(operator)).send({ ...draft, key: 'busy-template' }).expect(201)).body as TemplateView;
    const changes = await Promise.all(
      [1, 2, 3, 4].map((n) => beacon.http.put(`/api/v1/templates/${created.id}`).set(beacon.auth(operator)).send({ ...draftContent, name: `Road closure ${n}` }).expect(200)),
    );
    expect(changes.map((response) => (response.body as TemplateView).version).sort()).toEqual([2, 3, 4, 5]);
    const latest = (await beacon.http.get(`/api/v1/templates/${created.id}`).set(beacon.auth(operator)).expect(200)).body as TemplateView;
    expect(latest.currentVersion).toBe(5);
  });

  it('refuses bad templates with a 4xx naming the problem, and writes nothing', async () => {
    const before = await templateCount();
    const cases: [object, number, string, string][] = [
      [{ ...draft, key: 'bad-placeholder', languages: { en: { ...draft.languages.en, headline: '{{rode}} closed' } } }, 400, 'template.invalid_definition', 'languages.en.headline'],
      [{ ...draft, key: 'bad-syntax', languages: { en: { ...draft.languages.en, long: '{{#if road}}open' } } }, 400, 'template.invalid_definition', 'languages.en.long'],
      [{ ...draft, key: 'bad-type', variables: [{ name: 'road', type: 'colour', required: true }] }, 400, 'template.invalid_definition', 'variables[0].type'],
      [{ ...draft, key: 'road-closure' }, 409, 'template.key_taken', ''],
      [{ ...draft, key: 'Bad Key' }, 400, 'validation_failed', ''],
      [{ ...draft, key: 'extra-field', sendNow: true }, 400, 'unknown_field', ''],
    ];
    for (const [body, status, code, field] of cases) {
      const response = await beacon.http.post('/api/v1/templates').set(beacon.auth(operator)).send(body);
      expect(response.status, code).toBe(status);
      const error = (response.body as ErrorResponse).error;
      expect(error.code).toBe(code);
      if (field) expect(error.details).toMatchObject({ field });
    }
    await beacon.http.post('/api/v1/templates').set(beacon.auth(auditor)).send({ ...draft, key: 'by-auditor' }).expect(403);
    expect(await templateCount()).toBe(before);
  });

  it('previews every language and channel of a starter, with warnings', async () => {
    const shelters = await starter('shelters-open');
    const body: PreviewTemplateDto = {
      variables: {
        area: 'Riverside',
        hotline: '+15555550100',
        shelters: [
          { name: 'Lincoln High School', address: '1200 Oak Ave', lat: 41.51, lon: -90.57, capacity: 1200, accessible: true },
          { name: 'Grace Church', lat: 41.52, lon: -90.55, capacity: 250 },
        ],
      },
      languages: ['en', 'pt-BR', 'ar', 'de'],
    };
    const response = await beacon.http.post(`/api/v1/templates/${shelters.id}/preview`).set(beacon.auth(operator)).send(body).expect(200);
    const preview = response.body as RenderedTemplate;
    expect(preview).toMatchObject({ templateId: shelters.id, key: 'shelters-open', version: 1, defaultLanguage: 'en' });
    expect(Object.keys(preview.languages)).toEqual(['en', 'pt-BR', 'ar', 'de']);

    const en = preview.languages.en!;
    expect(en.texts.description).toContain('1. Lincoln High School, 1200 Oak Ave (1,200 places), wheelchair accessible\n2. Grace Church (250 places)');
    expect(en.whatsapp).toMatchObject({ name: 'beacon_shelters_open', language: { code: 'en' }, parameterFormat: 'named' });
    expect(en.sms.encoding).toBe('GSM-7');
    expect(en.cap.contact).toBe('+15555550100');
    expect([...en.wea.short].length).toBeLessThanOrEqual(90);

    const pt = preview.languages['pt-BR']!;
    expect(pt).toMatchObject({ contentLanguage: 'pt', fallbackChain: ['pt-BR', 'pt'], whatsapp: { language: { code: 'pt_BR' } } });
    expect(pt.texts.description).toContain('(1.200 vagas)');

    const ar = preview.languages.ar!;
    expect(ar.direction).toBe('rtl');
    expect(ar.texts.instruction).toContain('\u2068+15555550100\u2069');
    expect(ar.email.html).toContain('dir="rtl"');

    const de = preview.languages.de!;
    expect(de.contentLanguage).toBe('en');
    expect(preview.warnings).toContainEqual(expect.objectContaining({ code: 'translation.missing', language: 'de' }));
    expect(preview.warnings).toContainEqual(expect.objectContaining({ code: 'sms.segments', language: 'ar' }));
  });

  it('names every missing, extra or ill-typed variable in one 400', async () => {
    const evacuation = await starter('evacuation-order');
    const body: PreviewTemplateDto = { variables: { area: 'Riverside', leave_by: '6pm', hotline: '0800 123', pets: true } };
    const response = await beacon.http.post(`/api/v1/templates/${evacuation.id}/preview`).set(beacon.auth(operator)).send(body).expect(400);
    const error = (response.body as ErrorResponse).error;
    expect(error.code).toBe('template.invalid_variables');
    const problems = (error.details as { variables: { variable: string; problem: string }[] }).variables;
    expect(problems.map((problem) => `${problem.variable}:${problem.problem}`)).toEqual(['leave_by:invalid', 'info_url:missing', 'hotline:invalid', 'pets:unexpected']);
  });

  it('answers 404 for an unknown template', async () => {
    const response = await beacon.http.get('/api/v1/templates/00000000-0000-4000-8000-000000000000').set(beacon.auth(operator)).expect(404);
    expect((response.body as ErrorResponse).error.code).toBe('template.not_found');
  });
});
