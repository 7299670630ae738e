import { describe, expect, it } from 'vitest';
import { parseTemplate, type TemplateNode } from '../../src/templates/domain/placeholder.js';
import { renderTemplate } from '../../src/templates/domain/render-template.js';
import { compileTemplate, OPTIONAL_FIELDS, REQUIRED_FIELDS } from '../../src/templates/domain/template-definition.js';
import { validateVariables } from '../../src/templates/domain/variable-values.js';
import type { VariableType } from '../../src/templates/domain/variables.js';
import { STARTER_TEMPLATES } from '../../src/templates/starter/index.js';

const LANGUAGES = ['en', 'es', 'fr', 'pt', 'ar'];

/** A realistic value for each type: what an operator would type at 3 a.m. */
const SAMPLE: Record<VariableType, unknown> = {
  text: 'Zone 3 - Riverside',
  number: 4.75,
  datetime: { at: '2026-11-25T23:30:00Z', timeZone: 'America/Chicago' },
  duration: 'P2DT12H',
  url: 'https://ready.example.gov/r3',
  phone: '+15555550100',
  place: { name: 'Lincoln High School', address: '1200 Oak Ave', lat: 41.51, lon: -90.57 },
  places: [
    { name: 'Lincoln High School', address: '1200 Oak Ave', lat: 41.51, lon: -90.57, capacity: 1200, accessible: true },
    { name: 'Grace Community Church', address: '45 Elm St', lat: 41.52, lon: -90.55, capacity: 250 },
  ],
};

function placeholders(nodes: readonly TemplateNode[]): string[] {
  return nodes.flatMap((node) => {
    switch (node.kind) {
      case 'text': return [];
      case 'value': return [node.path.join('.')];
      case 'if': return [`#if ${node.path.join('.')}`, ...placeholders(node.then), ...placeholders(node.otherwise)];
      case 'each': return [`#each ${node.list}`, ...placeholders(node.body)];
    }
  });
}

describe.each(STARTER_TEMPLATES.map((starter) => [starter.key, starter] as const))('starter template %s', (_key, starter) => {
  const template = compileTemplate(starter.definition);
  const all = Object.fromEntries(starter.definition.variables.map((variable) => [variable.name, SAMPLE[variable.type]]));
  const requiredOnly = Object.fromEntries(starter.definition.variables.filter((variable) => variable.required).map((variable) => [variable.name, SAMPLE[variable.type]]));

  it('is in English, Spanish, French, Portuguese and Arabic, each a real translation with every text', () => {
    expect(Object.keys(starter.definition.languages).sort()).toEqual([...LANGUAGES].sort());
    const english = starter.definition.languages.en!;
    for (const language of LANGUAGES.filter((tag) => tag !== 'en')) {
      const texts = starter.definition.languages[language]!;
      for (const field of REQUIRED_FIELDS) {
        expect(texts[field], `${language}.${field}`).toBeTruthy();
        expect(texts[field], `${language}.${field} is not the English text`).not.toBe(english[field]);
      }
      for (const field of OPTIONAL_FIELDS) expect(texts[field] === undefined, `${language}.${field}`).toBe(english[field] === undefined);
    }
    for (const field of REQUIRED_FIELDS) expect(starter.definition.languages.ar![field]).toMatch(/[\u0600-\u06FF]/);
  });

  it('uses the same placeholders in every language as in English', () => {
    for (const field of [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS]) {
      const source = starter.definition.languages.en![field];
      if (source === undefined) continue;
      const expected = placeholders(parseTemplate(source)).sort();
      for (const language of LANGUAGES) {
        expect(placeholders(parseTemplate(starter.definition.languages[language]![field]!)).sort(), `${language}.${field}`).toEqual(expected);
      }
    }
  });

  it.each([
    ['every variable', all],
    ['only the required ones', requiredOnly],
  ])('renders with %s: WEA texts fit 90 / 360, no warning but SMS segments', (_name, variables) => {
    const renderings = renderTemplate(template, validateVariables(template.definition.variables, variables));
    expect(renderings).toHaveLength(5);
    for (const rendering of renderings) {
      const unexpected = rendering.warnings.filter((warning) => !['sms.segments', 'sms.long', 'whatsapp.flattened'].includes(warning.code));
      expect(unexpected.map((warning) => warning.message), rendering.language).toEqual([]);
      expect([...rendering.wea.short].length).toBeLessThanOrEqual(90);
      expect([...rendering.wea.long].length).toBeLessThanOrEqual(360);
      expect(rendering.texts.long).not.toMatch(/\{\{|\}\}|undefined|null|NaN/);
      expect(rendering.whatsapp?.name).toMatch(/^beacon_/);
      expect(rendering.email.html).not.toMatch(/<script|\{\{/);
    }
  });

  it('Arabic renders right-to-left with every embedded value isolated', () => {
    const [arabic] = renderTemplate(template, validateVariables(template.definition.variables, all), ['ar']);
    expect(arabic!.direction).toBe('rtl');
    expect(arabic!.sms.encoding).toBe('UCS-2');
    const text = Object.values(arabic!.texts).filter((part) => part !== null).join('\n');
    // Latin runs (names, URLs, phone numbers) appear only inside FSI ... PDI; digits in the Arabic text itself are fine.
    const outside = text.replace(/\u2068[^\u2069]*\u2069/g, '');
    expect(outside).not.toMatch(/[A-Za-z+]/);
    if (text.includes('+15555550100')) expect(text).toContain('\u2068+15555550100\u2069');
    if (text.includes('https://')) expect(text).toContain('\u2068https://ready.example.gov/r3\u2069');
    expect(arabic!.cap.web ?? '').not.toMatch(/[\u2068\u2069]/);
  });
});
