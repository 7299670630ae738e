import { CAP_HEADLINE_MAX, characterCount, SMS_SEGMENTS_ADVISED, truncate, WEA_LONG_MAX, WEA_SHORT_MAX } from './channel-limits.js';
import { ValueFormatter } from './formatting.js';
import { formattingLocale, isRtl, resolveLanguage } from './language.js';
import { htmlOutput, plainOutput, renderNodes, type Output } from './render-placeholder.js';
import { countSmsSegments, type SmsEncoding } from './sms-segments.js';
import { OPTIONAL_FIELDS, REQUIRED_FIELDS, type CompiledTemplate, type ContentField } from './template-definition.js';
import type { VariableValues } from './variable-values.js';
import { renderWhatsApp, type WhatsAppRendering } from './whatsapp-rendering.js';

export type WarningChannel = 'all' | 'whatsapp' | 'sms' | 'email' | 'cap' | 'wea';

export interface RenderWarning {
  code: string;
  language: string;
  channel: WarningChannel;
  message: string;
}

export interface LanguageRendering {
  /** The language asked for. */
  language: string;
  /** The variant whose texts were used (differs on a missing translation). */
  contentLanguage: string;
  fallbackChain: string[];
  direction: 'ltr' | 'rtl';
  texts: Record<ContentField, string | null>;
  whatsapp: WhatsAppRendering | null;
  sms: { text: string; encoding: SmsEncoding; units: number; segments: number; perSegment: number };
  email: { subject: string; text: string; html: string };
  cap: { language: string; event: string; headline: string; description: string; instruction: string; web: string | null; contact: string | null };
  wea: { short: string; long: string };
  warnings: RenderWarning[];
}

/** Typographic characters (many from Intl: U+202F in French times, U+2212 in "UTC−3") and their GSM-7 look-alikes. */
const GSM_LOOKALIKES: [RegExp, string][] = [
  [/[‘’‚‛]/g, "'"],
  [/[“”„‟«»]/g, '"'],
  [/[‐‑‒–—\u2212]/g, '-'],
  [/…/g, '...'],
  [/[\u00a0\u2007\u2009\u202f]/g, ' '],
];

/** When only typographic characters force UCS-2, their look-alikes make the SMS GSM-7: up to 160 characters a segment instead of 70. */
export function preferGsm(text: string): string {
  const plain = GSM_LOOKALIKES.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
  return plain !== text && countSmsSegments(plain).encoding === 'GSM-7' ? plain : text;
}

/** Renders one language, every channel, with the warnings an operator should see before sending. */
export function renderLanguage(template: CompiledTemplate, requested: string, values: VariableValues): LanguageRendering {
  const { definition } = template;
  const resolved = resolveLanguage(requested, Object.keys(definition.languages), definition.defaultLanguage);
  const nodes = template.nodes.get(resolved.language)!;
  const rtl = isRtl(resolved.language);
  const formatter = new ValueFormatter(formattingLocale(requested, resolved.language));
  const render = (field: ContentField, output: Output = plainOutput(rtl)): string | null => {
    const parsed = nodes.get(field);
    const text = parsed ? tidy(renderNodes(parsed, values, formatter, output)) : '';
    return text === '' ? null : text;
  };
  const texts = Object.fromEntries([...REQUIRED_FIELDS, ...OPTIONAL_FIELDS].map((field) => [field, render(field)])) as LanguageRendering['texts'];
  const warnings: RenderWarning[] = [];
  const warn = (channel: WarningChannel, code: string, message: string) => warnings.push({ code, language: requested, channel, message });
  if (resolved.fallback) warn('all', 'translation.missing', `No ${requested} translation; using ${resolved.language} (tried ${resolved.chain.join(' -> ')}).`);

  const required = (field: (typeof REQUIRED_FIELDS)[number]) => texts[field] ?? '';
  const smsText = preferGsm(required('long'));
  const sms = countSmsSegments(smsText);
  if (sms.segments > 1) warn('sms', 'sms.segments', `The SMS takes ${sms.segments} segments (${sms.encoding}, ${sms.units} of ${sms.perSegment} per segment).`);
  if (sms.segments > SMS_SEGMENTS_ADVISED) warn('sms', 'sms.long', `More than ${SMS_SEGMENTS_ADVISED} segments may arrive late or in pieces on older phones.`);

  const weaShort = fitWea(required('short'), WEA_SHORT_MAX, 'short', (code, message) => warn('wea', code, message));
  const weaLong = fitWea(required('long'), WEA_LONG_MAX, 'long', (code, message) => warn('wea', code, message));
  if (characterCount(required('headline')) > CAP_HEADLINE_MAX) warn('cap', 'cap.headline_long', `The headline has more than the ${CAP_HEADLINE_MAX} characters CAP advises.`);

  let whatsapp: WhatsAppRendering | null = null;
  if (definition.whatsapp) {
    const sources = whatsappSources(texts, values, formatter, rtl);
    const result = renderWhatsApp(definition.whatsapp, resolved.language, sources);
    whatsapp = result.rendering;
    for (const problem of result.problems) warn('whatsapp', problem.code, problem.message);
  }

  return {
    language: requested,
    contentLanguage: resolved.language,
    fallbackChain: resolved.chain,
    direction: rtl ? 'rtl' : 'ltr',
    texts,
    whatsapp,
    sms: { text: smsText, encoding: sms.encoding, units: sms.units, segments: sms.segments, perSegment: sms.perSegment },
    email: renderEmail(texts, resolved.language, rtl, (field) => render(field, htmlOutput(rtl))),
    cap: {
      language: resolved.language,
      event: required('event'),
      headline: required('headline'),
      description: required('description'),
      instruction: required('instruction'),
      // web is a URI in CAP: rendered without direction marks.
      web: render('web', plainOutput(false)),
      contact: texts.contact,
    },
    wea: { short: weaShort, long: weaLong },
    warnings,
  };
}

function fitWea(text: string, max: number, which: string, warn: (code: string, message: string) => void): string {
  const length = characterCount(text);
  if (length <= max) return text;
  warn('wea.truncated', `The WEA ${which} text has ${length} characters; cut to ${max}.`);
  return truncate(text, max);
}

/** A WhatsApp parameter is a rendered content field or a variable formatted on its own. */
function whatsappSources(texts: LanguageRendering['texts'], values: VariableValues, formatter: ValueFormatter, rtl: boolean): Map<string, string> {
  const sources = new Map<string, string>();
  const output = plainOutput(rtl);
  for (const [name, value] of values) {
    const piece = formatter.format(value);
    if (piece) sources.set(name, output.value(piece));
  }
  for (const [field, text] of Object.entries(texts)) if (text !== null) sources.set(field, text);
  return sources;
}

function renderEmail(texts: LanguageRendering['texts'], language: string, rtl: boolean, html: (field: ContentField) => string | null) {
  const subject = (texts.headline ?? '').replace(/\s+/g, ' ');
  const text = [texts.headline, texts.description, texts.instruction, texts.web, texts.contact].filter((part) => part).join('\n\n');
  const paragraphs = [
    `<h1>${html('headline') ?? ''}</h1>`,
    `<p>${html('description') ?? ''}</p>`,
    `<p><strong>${html('instruction') ?? ''}</strong></p>`,
    ...(['web', 'contact'] as const).flatMap((field) => {
      const part = html(field);
      return part ? [`<p>${part}</p>`] : [];
    }),
  ];
  const body = `<div lang="${language}" dir="${rtl ? 'rtl' : 'ltr'}">\n${paragraphs.join('\n')}\n</div>`;
  return { subject, text, html: body };
}

/** Blank lines left by an empty optional value or block collapse; lines lose trailing spaces. */
function tidy(text: string): string {
  return text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').replace(/(<br>\s*)+$/, '').trim();
}

/** Validates the variables once and renders each language asked for (by default, every language of the template). */
export function renderTemplate(template: CompiledTemplate, values: VariableValues, languages?: readonly string[]): LanguageRendering[] {
  const wanted = languages && languages.length > 0 ? [...new Set(languages)] : Object.keys(template.definition.languages);
  return wanted.map((language) => renderLanguage(template, language, values));
}
