import { describe, expect, it } from 'vitest';
import { resolveLanguage } from '../../src/templates/domain/language.js';
import { renderLanguage, renderTemplate } from '../../src/templates/domain/render-template.js';
import { compileTemplate, type TemplateDefinition } from '../../src/templates/domain/template-definition.js';
import { validateVariables } from '../../src/templates/domain/variable-values.js';
import { flattenForWhatsApp, whatsappLanguageCode } from '../../src/templates/domain/whatsapp-rendering.js';
import { InvalidTemplateError } from '../../src/templates/domain/variables.js';

const base: TemplateDefinition = {
  name: 'Test',
  defaultLanguage: 'en',
  variables: [
    { name: 'area', type: 'text', required: true, maxLength: 2000 },
    { name: 'site', type: 'url', required: true },
  ],
  languages: {
    en: { event: 'Flood', headline: 'Flood in {{area}}', description: 'Water in {{area}}.\nStay away.', instruction: 'Go <up> & stay.', short: 'Flood in {{area}}.', long: 'Flood in {{area}}. See {{site}}', web: '{{site}}' },
    pt: { event: 'Inundação', headline: 'Inundação em {{area}}', description: 'Água em {{area}}.', instruction: 'Suba.', short: 'Inundação em {{area}}.', long: 'Inundação em {{area}}. Veja {{site}}' },
    ar: { event: 'فيضان', headline: 'فيضان في {{area}}', description: 'مياه في {{area}}.', instruction: 'اصعدوا.', short: 'فيضان في {{area}}.', long: 'فيضان في {{area}}. انظروا {{site}}', web: '{{site}}' },
  },
  whatsapp: { name: 'beacon_flood', parameterFormat: 'named', parameters: ['area', 'description', 'site'] },
};

function rendered(language: string, variables: Record<string, unknown> = { area: 'Riverside', site: 'https://city.example/flood' }, definition = base) {
  const template = compileTemplate(definition);
  return renderLanguage(template, language, validateVariables(template.definition.variables, variables));
}

describe('language fallback', () => {
  it.each([
    ['pt-BR', ['pt', 'en'], 'pt', ['pt-BR', 'pt'], true],
    ['pt-BR', ['pt-BR', 'pt'], 'pt-BR', ['pt-BR'], false],
    ['pt', ['pt-PT', 'en'], 'pt-PT', ['pt', 'pt-PT'], true],
    ['zh-Hant-TW', ['zh-Hant', 'en'], 'zh-Hant', ['zh-Hant-TW', 'zh-Hant'], true],
    ['de-AT', ['en', 'fr'], 'en', ['de-AT', 'de', 'en'], true],
    ['EN', ['en'], 'en', ['EN'], false],
  ])('%s among %j -> %s', (requested, available, language, chain, fallback) => {
    expect(resolveLanguage(requested, available, 'en')).toEqual({ language, chain, fallback });
  });

  it('warns about a missing translation and formats in the text’s language', () => {
    const german = rendered('de');
    expect(german.contentLanguage).toBe('en');
    expect(german.warnings).toContainEqual(expect.objectContaining({ code: 'translation.missing', channel: 'all' }));
    const brazilian = rendered('pt-BR');
    expect(brazilian.contentLanguage).toBe('pt');
    expect(brazilian.texts.headline).toBe('Inundação em Riverside');
    expect(brazilian.whatsapp?.language.code).toBe('pt_BR');
  });

  it('renders every language of the template by default', () => {
    const template = compileTemplate(base);
    const values = validateVariables(base.variables, { area: 'A', site: 'https://x.example' });
    expect(renderTemplate(template, values).map((r) => r.language)).toEqual(['en', 'ar', 'pt']);
    expect(renderTemplate(template, values, ['fr', 'fr']).map((r) => r.contentLanguage)).toEqual(['en']);
  });
});

describe('channels', () => {
  it('WhatsApp: named parameters, one line each', () => {
    const { whatsapp, warnings } = rendered('en');
    expect(whatsapp).toEqual({
      name: 'beacon_flood',
      language: { code: 'en', policy: 'deterministic' },
      parameterFormat: 'named',
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', parameter_name: 'area', text: 'Riverside' },
            { type: 'text', parameter_name: 'description', text: 'Water in Riverside. Stay away.' },
            { type: 'text', parameter_name: 'site', text: 'https://city.example/flood' },
          ],
        },
      ],
    });
    expect(warnings.map((w) => w.code)).toContain('whatsapp.flattened');
  });

  it('WhatsApp: positional parameters, and long ones cut to 1,024 characters', () => {
    const definition = { ...base, whatsapp: { name: 'beacon_flood', parameterFormat: 'positional' as const, parameters: ['headline', 'area'] } };
    const { whatsapp, warnings } = rendered('en', { area: 'x'.repeat(1500), site: 'https://x.example' }, definition);
    const parameters = whatsapp!.components[0].parameters;
    expect(parameters.every((parameter) => parameter.parameter_name === undefined)).toBe(true);
    expect([...parameters[1]!.text].length).toBe(1024);
    expect(parameters[1]!.text.endsWith('…')).toBe(true);
    expect(warnings.filter((w) => w.code === 'whatsapp.truncated')).toHaveLength(2);
  });

  it.each([
    ['a\nb', 'a · b'],
    ['Leave now.\n\nGo up.', 'Leave now. Go up.'],
    ['a\tb', 'a b'],
    ['a        b', 'a    b'],
  ])('WhatsApp parameter text %j -> %j', (input, output) => {
    expect(flattenForWhatsApp(input)).toBe(output);
  });

  it('WhatsApp language codes', () => {
    const spec = { name: 'x', parameterFormat: 'named' as const, parameters: ['headline'] };
    expect(whatsappLanguageCode(spec, 'en')).toBe('en');
    expect(whatsappLanguageCode(spec, 'en-gb')).toBe('en_GB');
    expect(whatsappLanguageCode(spec, 'pt')).toBe('pt_BR');
    expect(whatsappLanguageCode({ ...spec, languageCodes: { pt: 'pt_PT' } }, 'pt')).toBe('pt_PT');
  });

  it('SMS: the long text with its segment count; a warning when it needs several', () => {
    const short = rendered('en');
    expect(short.sms).toEqual({ text: 'Flood in Riverside. See https://city.example/flood', encoding: 'GSM-7', units: 50, segments: 1, perSegment: 160 });
    const long = rendered('en', { area: 'Riverside '.repeat(30).trim(), site: 'https://x.example' });
    expect(long.sms.segments).toBe(3);
    expect(long.warnings).toContainEqual(expect.objectContaining({ code: 'sms.segments', channel: 'sms' }));
    // Only a typographic apostrophe stands between this SMS and GSM-7: it becomes a plain one.
    const curly = rendered('en', { area: 'O’Hare', site: 'https://x.example' });
    expect(curly.sms).toMatchObject({ text: "Flood in O'Hare. See https://x.example", encoding: 'GSM-7' });
    expect(curly.texts.long).toBe('Flood in O’Hare. See https://x.example');
    // Real Portuguese letters keep UCS-2, typography included.
    const portuguese = rendered('pt', { area: 'São “Centro”', site: 'https://x.example' });
    expect(portuguese.sms).toMatchObject({ text: 'Inundação em São “Centro”. Veja https://x.example', encoding: 'UCS-2' });
  });

  it('email: subject, text and escaped HTML', () => {
    const { email } = rendered('en', { area: '<img src=x onerror=alert(1)>', site: 'https://city.example/?a=1&b=2' });
    expect(email.subject).toBe('Flood in <img src=x onerror=alert(1)>');
    expect(email.text).toContain('Go <up> & stay.');
    expect(email.html).not.toContain('<img');
    expect(email.html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(email.html).toContain('Go &#60;up&#62; &#38; stay.');
    expect(email.html).toContain('<a href="https://city.example/?a=1&#38;b=2">');
    expect(email.html.startsWith('<div lang="en" dir="ltr">')).toBe(true);
  });

  it('CAP info fields and the 90 / 360 character WEA texts', () => {
    const ok = rendered('en');
    expect(ok.cap).toEqual({
      language: 'en',
      event: 'Flood',
      headline: 'Flood in Riverside',
      description: 'Water in Riverside.\nStay away.',
      instruction: 'Go <up> & stay.',
      web: 'https://city.example/flood',
      contact: null,
    });
    expect(ok.wea).toEqual({ short: 'Flood in Riverside.', long: 'Flood in Riverside. See https://city.example/flood' });
    const long = rendered('en', { area: 'Riverside and the whole of the lower valley '.repeat(10).trim(), site: 'https://x.example' });
    expect([...long.wea.short].length).toBeLessThanOrEqual(90);
    expect([...long.wea.long].length).toBeLessThanOrEqual(360);
    expect(long.wea.short.endsWith('…')).toBe(true);
    expect(long.warnings.filter((w) => w.code === 'wea.truncated')).toHaveLength(2);
    expect(long.warnings).toContainEqual(expect.objectContaining({ code: 'cap.headline_long' }));
  });

  it('Arabic: right-to-left, values isolated, CAP web without direction marks', () => {
    const arabic = rendered('ar');
    expect(arabic.direction).toBe('rtl');
    expect(arabic.sms.text).toBe('فيضان في \u2068Riverside\u2069. انظروا \u2068https://city.example/flood\u2069');
    expect(arabic.cap.web).toBe('https://city.example/flood');
    expect(arabic.email.html).toContain('<div lang="ar" dir="rtl">');
    expect(arabic.email.html).toContain('<bdi>Riverside</bdi>');
    expect(arabic.whatsapp?.language.code).toBe('ar');
  });
});

describe('template definitions', () => {
  it.each([
    [{ ...base, defaultLanguage: 'de' }, 'defaultLanguage'],
    [{ ...base, languages: { ...base.languages, english: base.languages.en } }, 'languages.english'],
    [{ ...base, languages: { ...base.languages, 'de-1901-1901': base.languages.en } }, 'languages.de-1901-1901'],
    [{ ...base, languages: { en: { ...base.languages.en, short: undefined } } }, 'languages.en.short'],
    [{ ...base, languages: { en: { ...base.languages.en, sms: 'x' } } }, 'languages.en.sms'],
    [{ ...base, languages: { en: { ...base.languages.en, headline: 'Flood in {{zone}}' } } }, 'languages.en.headline'],
    [{ ...base, languages: { en: { ...base.languages.en, long: 'Flood {{#if area}}' } } }, 'languages.en.long'],
    [{ ...base, whatsapp: { name: 'Bad Name', parameterFormat: 'named', parameters: ['area'] } }, 'whatsapp.name'],
    [{ ...base, whatsapp: { name: 'ok', parameterFormat: 'named', parameters: ['nope'] } }, 'whatsapp.parameters[0]'],
    [{ ...base, whatsapp: { name: 'ok', parameterFormat: 'both', parameters: ['area'] } }, 'whatsapp.parameterFormat'],
  ])('refuses a bad definition, naming %#', (definition, field) => {
    let thrown: unknown;
    try {
      compileTemplate(definition);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidTemplateError);
    expect((thrown as InvalidTemplateError).details).toMatchObject({ field });
  });
});
