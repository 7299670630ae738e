import { describe, expect, it } from 'vitest';
import { ValueFormatter } from '../../src/templates/domain/formatting.js';
import { checkPlaceholders } from '../../src/templates/domain/placeholder-check.js';
import { parseTemplate, PlaceholderSyntaxError } from '../../src/templates/domain/placeholder.js';
import { FSI, htmlOutput, PDI, plainOutput, renderNodes } from '../../src/templates/domain/render-placeholder.js';
import { validateVariables } from '../../src/templates/domain/variable-values.js';
import type { VariableDefinition } from '../../src/templates/domain/variables.js';

const definitions: VariableDefinition[] = [
  { name: 'area', type: 'text', required: true },
  { name: 'count', type: 'number', required: false },
  { name: 'site', type: 'url', required: false },
  { name: 'hotline', type: 'phone', required: false },
  { name: 'shelter', type: 'place', required: false },
  { name: 'shelters', type: 'places', required: false },
  { name: 'at', type: 'datetime', required: false },
];

function render(source: string, variables: Record<string, unknown>, options: { language?: string; html?: boolean; rtl?: boolean } = {}) {
  const nodes = parseTemplate(source);
  expect(checkPlaceholders(nodes, definitions)).toEqual([]);
  const values = validateVariables(definitions, variables);
  const output = options.html ? htmlOutput(options.rtl ?? false) : plainOutput(options.rtl ?? false);
  return renderNodes(nodes, values, new ValueFormatter(options.language ?? 'en'), output);
}

describe('placeholder syntax', () => {
  it('substitutes values and fields', () => {
    expect(render('Leave {{area}} now.', { area: 'Riverside' })).toBe('Leave Riverside now.');
    expect(render('Go to {{shelter.name}} ({{shelter.address}})', { area: 'x', shelter: { name: 'Hall', address: '1 Main St', lat: 1, lon: 2 } })).toBe(
      'Go to Hall (1 Main St)',
    );
    expect(render('{{shelter}}', { area: 'x', shelter: { name: 'Hall', lat: 1, lon: 2 } })).toBe('Hall');
  });

  it('renders a list with {{#each}}, numbering and conditional fields', () => {
    const shelters = [
      { name: 'Lincoln High School', address: '100 Main St', lat: 41.5, lon: -90.5, capacity: 1200, accessible: true },
      { name: 'Grace Church', lat: 41.51, lon: -90.52 },
    ];
    const text = render('{{#each shelters}}{{number}}. {{name}}{{#if capacity}} ({{capacity}}){{/if}}{{#if accessible}} ♿{{else}} (steps){{/if}}\n{{/each}}', {
      area: 'x',
      shelters,
    });
    expect(text).toBe('1. Lincoln High School (1,200) ♿\n2. Grace Church (steps)\n');
    expect(render('{{shelters}}', { area: 'x', shelters }, { language: 'es' })).toBe('Lincoln High School y Grace Church');
  });

  it('prints nothing for an absent optional value and takes {{else}}', () => {
    expect(render('A{{count}}B{{#if hotline}} call {{hotline}}{{else}} no line{{/if}}', { area: 'x' })).toBe('AB no line');
  });

  it.each([
    ['unclosed tag', 'Hello {{area'],
    ['unclosed block', '{{#each shelters}}x'],
    ['stray close', 'x{{/if}}'],
    ['stray }}', 'a }} b'],
    ['expression', '{{area + 1}}'],
    ['prototype walk', '{{area.constructor.prototype}}'],
    ['__proto__', '{{shelter.__proto__}}'],
    ['upper case', '{{Area}}'],
    ['double else', '{{#if area}}a{{else}}b{{else}}c{{/if}}'],
    ['else outside if', '{{else}}'],
    ['each with a field', '{{#each shelter.name}}x{{/each}}'],
  ])('refuses %s', (_name, source) => {
    expect(() => parseTemplate(source)).toThrow(PlaceholderSyntaxError);
  });

  it.each([
    ['{{nope}}', 'names no declared variable'],
    ['{{area.name}}', 'a text has no fields'],
    ['{{shelter.constructor}}', 'a place has the fields'],
    ['{{#each area}}x{{/each}}', 'needs a list of places'],
    ['{{#each shelters}}{{#each shelters}}x{{/each}}{{/each}}', 'cannot be inside another'],
    ['{{#each shelters}}{{accessible}}{{/each}}', 'use {{#if accessible}}'],
    ['{{capacity}}', 'names no declared variable'],
  ])('checks %s against the declared variables', (source, problem) => {
    expect(checkPlaceholders(parseTemplate(source), definitions).join(' ')).toContain(problem);
  });
});

describe('escaping and direction', () => {
  it('escapes HTML in literal text and values, and links URLs and phones', () => {
    const html = render('<b>{{area}}</b> {{site}} {{hotline}}', { area: '<script>alert("x")</script>', site: 'https://example.org/?a=1&b=2', hotline: '+15555550100' }, { html: true });
    expect(html).toBe(
      '&#60;b&#62;&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;&#60;/b&#62; <a href="https://example.org/?a=1&#38;b=2">https://example.org/?a=1&#38;b=2</a> <a href="tel:+15555550100">+15555550100</a>',
    );
  });

  it('wraps every value in first-strong isolates in right-to-left text', () => {
    const text = render('اتصلوا بالرقم {{hotline}} أو زوروا {{site}}', { area: 'x', hotline: '+15555550100', site: 'https://example.org' }, { language: 'ar', rtl: true });
    expect(text).toBe(`اتصلوا بالرقم ${FSI}+15555550100${PDI} أو زوروا ${FSI}https://example.org${PDI}`);
  });

  it('uses <bdi> for values in right-to-left HTML', () => {
    expect(render('الرقم {{hotline}}', { area: 'x', hotline: '+15555550100' }, { html: true, rtl: true })).toBe('الرقم <bdi><a href="tel:+15555550100">+15555550100</a></bdi>');
  });
});

describe('locale-aware formatting', () => {
  const at = { at: '2026-11-25T21:00:00Z', timeZone: 'America/Sao_Paulo' };
  it.each([
    ['en', '{{count}} · {{at}}', 'Wednesday, November 25 at 6:00 PM GMT-3', '1,234.5'],
    ['es', '{{count}} · {{at}}', 'miércoles, 25 de noviembre, 18:00 GMT-3', '1234,5'],
    ['fr', '{{count}} · {{at}}', 'mercredi 25 novembre à 18:00 UTC−3', '1 234,5'],
    ['pt-BR', '{{count}} · {{at}}', 'quarta-feira, 25 de novembro às 18:00 BRT', '1.234,5'],
  ])('%s', (language, source, date, number) => {
    const text = render(source, { area: 'x', count: 1234.5, at }, { language });
    expect(text).toContain(date);
    expect(text.replace(/\s/g, ' ')).toContain(number.replace(/\s/g, ' '));
  });

  it('formats the time and date fields in the value’s time zone', () => {
    expect(render('{{at.time}} / {{at.date}}', { area: 'x', at: { at: '2026-11-26T03:30:00Z', timeZone: 'Asia/Tokyo' } })).toBe('12:30 PM GMT+9 / Thursday, November 26, 2026');
  });
});
