import { characterCount, truncate, WHATSAPP_PARAMETER_MAX } from './channel-limits.js';
import type { WhatsAppSpec } from './template-definition.js';

export interface WhatsAppParameter {
  type: 'text';
  text: string;
  parameter_name?: string;
}

/** The template part of a Cloud API `messages` request: `{ name, language: { code }, components }`. */
export interface WhatsAppRendering {
  name: string;
  language: { code: string; policy: 'deterministic' };
  parameterFormat: WhatsAppSpec['parameterFormat'];
  components: [{ type: 'body'; parameters: WhatsAppParameter[] }];
}

export interface WhatsAppProblem {
  code: 'whatsapp.flattened' | 'whatsapp.truncated';
  parameter: string;
  message: string;
}

const DEFAULT_CODES: Record<string, string> = { pt: 'pt_BR', zh: 'zh_CN' };

/** WhatsApp's code for a language tag: `pt-BR` -> `pt_BR`, `es` -> `es`; the template may override. */
export function whatsappLanguageCode(spec: WhatsAppSpec, language: string): string {
  const override = spec.languageCodes?.[language];
  if (override) return override;
  const [primary = language, region] = language.split('-');
  if (region && /^[A-Za-z]{2}$/.test(region)) return `${primary.toLowerCase()}_${region.toUpperCase()}`;
  return DEFAULT_CODES[primary.toLowerCase()] ?? primary.toLowerCase();
}

/**
 * Builds the body parameters from the rendered texts and values. WhatsApp refuses a parameter
 * with a new line, a tab or more than four spaces in a row, so lines are joined; an over-long
 * parameter is cut. Each change is reported.
 */
export function renderWhatsApp(spec: WhatsAppSpec, language: string, texts: ReadonlyMap<string, string>): { rendering: WhatsAppRendering; problems: WhatsAppProblem[] } {
  const problems: WhatsAppProblem[] = [];
  const parameters = spec.parameters.map((name): WhatsAppParameter => {
    const raw = texts.get(name) ?? '-';
    let text = flattenForWhatsApp(raw);
    if (text !== raw.trim()) problems.push({ code: 'whatsapp.flattened', parameter: name, message: `Parameter ${name}: line breaks joined (WhatsApp refuses them in parameters).` });
    if (characterCount(text) > WHATSAPP_PARAMETER_MAX) {
      problems.push({ code: 'whatsapp.truncated', parameter: name, message: `Parameter ${name}: cut from ${characterCount(text)} to ${WHATSAPP_PARAMETER_MAX} characters.` });
      text = truncate(text, WHATSAPP_PARAMETER_MAX);
    }
    return spec.parameterFormat === 'named' ? { type: 'text', parameter_name: name, text } : { type: 'text', text };
  });
  return {
    rendering: {
      name: spec.name,
      language: { code: whatsappLanguageCode(spec, language), policy: 'deterministic' },
      parameterFormat: spec.parameterFormat,
      components: [{ type: 'body', parameters }],
    },
    problems,
  };
}

/** One line: a break after end punctuation becomes a space, any other break " · "; tabs and long runs of spaces shrink. */
export function flattenForWhatsApp(text: string): string {
  return text
    .trim()
    .replace(/([.!?:;؟،۔])?[ \t]*(\r?\n)+[ \t]*/g, (_match, punctuation: string | undefined) => (punctuation ? `${punctuation} ` : ' · '))
    .replace(/\t/g, ' ')
    .replace(/ {5,}/g, '    ');
}
