import { isLanguageTag } from './language.js';
import { checkPlaceholders } from './placeholder-check.js';
import { parseTemplate, PlaceholderSyntaxError, type TemplateNode } from './placeholder.js';
import { InvalidTemplateError, isRecord, parseVariableDefinitions, type VariableDefinition } from './variables.js';

/**
 * The texts of one language. `short` and `long` are the wireless-emergency-alert texts (90 and
 * 360 characters once rendered); `long` is also the SMS. `description` and `instruction` are the
 * CAP fields and the body of the email; `headline` is the CAP headline and the email subject.
 */
export const REQUIRED_FIELDS = ['event', 'headline', 'description', 'instruction', 'short', 'long'] as const;
export const OPTIONAL_FIELDS = ['web', 'contact'] as const;
export type ContentField = (typeof REQUIRED_FIELDS)[number] | (typeof OPTIONAL_FIELDS)[number];
export type LanguageContent = { [K in (typeof REQUIRED_FIELDS)[number]]: string } & { [K in (typeof OPTIONAL_FIELDS)[number]]?: string };

const MAX_SOURCE: Record<ContentField, number> = {
  event: 100,
  headline: 300,
  description: 4000,
  instruction: 2000,
  short: 400,
  long: 2000,
  web: 500,
  contact: 500,
};

export const PARAMETER_FORMATS = ['positional', 'named'] as const;
export type ParameterFormat = (typeof PARAMETER_FORMATS)[number];

/**
 * The approved WhatsApp template this one is sent as: its name, and the body parameters in order
 * (positional) or by name (named). A parameter is a content field (`headline`, `long`, ...) or a variable.
 */
export interface WhatsAppSpec {
  name: string;
  parameterFormat: ParameterFormat;
  parameters: string[];
  /** WhatsApp language code per language when it is not the tag with `_` (`pt` -> `pt_BR` by default). */
  languageCodes?: Record<string, string>;
}

export interface TemplateDefinition {
  name: string;
  description?: string;
  defaultLanguage: string;
  variables: VariableDefinition[];
  languages: Record<string, LanguageContent>;
  whatsapp?: WhatsAppSpec;
}

/** A definition with every text parsed once. */
export interface CompiledTemplate {
  definition: TemplateDefinition;
  nodes: Map<string, Map<ContentField, TemplateNode[]>>;
}

const MAX_LANGUAGES = 40;
const WHATSAPP_NAME = /^[a-z0-9_]{1,512}$/;
const WHATSAPP_PARAMETER = /^[a-z_][a-z0-9_]{0,39}$/;

/** Checks a whole definition (shape, language tags, every placeholder) and parses it; throws `template.invalid_definition` naming the field. */
export function compileTemplate(input: unknown): CompiledTemplate {
  if (!isRecord(input)) throw new InvalidTemplateError('A template must be an object.', { field: '' });
  const { name, description, defaultLanguage, variables, languages, whatsapp } = input;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 120) throw new InvalidTemplateError('name must be 1..120 characters.', { field: 'name' });
  if (description !== undefined && (typeof description !== 'string' || description.length > 1000)) {
    throw new InvalidTemplateError('description must be at most 1000 characters.', { field: 'description' });
  }
  const definitions = parseVariableDefinitions(variables);
  if (!isRecord(languages) || Object.keys(languages).length === 0 || Object.keys(languages).length > MAX_LANGUAGES) {
    throw new InvalidTemplateError(`languages must map 1..${MAX_LANGUAGES} language tags to texts.`, { field: 'languages' });
  }
  if (typeof defaultLanguage !== 'string' || !Object.hasOwn(languages, defaultLanguage)) {
    throw new InvalidTemplateError('defaultLanguage must be one of the languages of the template.', { field: 'defaultLanguage' });
  }
  const nodes = new Map<string, Map<ContentField, TemplateNode[]>>();
  const content: Record<string, LanguageContent> = {};
  // Default language first, then by tag: stable whatever order the JSON (or jsonb) gave.
  const ordered = Object.keys(languages).sort((a, b) => Number(b === defaultLanguage) - Number(a === defaultLanguage) || a.localeCompare(b));
  for (const language of ordered) {
    const texts = languages[language];
    const compiled = compileLanguage(language, texts, definitions);
    nodes.set(language, compiled.nodes);
    content[language] = compiled.content;
  }
  const definition: TemplateDefinition = { name: name.trim(), defaultLanguage, variables: definitions, languages: content };
  if (description !== undefined) definition.description = description;
  if (whatsapp !== undefined && whatsapp !== null) definition.whatsapp = parseWhatsApp(whatsapp, definitions, Object.keys(content));
  return { definition, nodes };
}

function compileLanguage(language: string, texts: unknown, definitions: VariableDefinition[]) {
  const base = `languages.${language}`;
  if (!isLanguageTag(language)) throw new InvalidTemplateError(`"${language}" is not a BCP 47 language tag such as en or pt-BR.`, { field: base });
  if (!isRecord(texts)) throw new InvalidTemplateError(`${base} must be an object of texts.`, { field: base });
  const known: readonly string[] = [...REQUIRED_FIELDS, ...OPTIONAL_FIELDS];
  const extra = Object.keys(texts).find((key) => !known.includes(key));
  if (extra) throw new InvalidTemplateError(`${base}.${extra} is not a known text (known: ${known.join(', ')}).`, { field: `${base}.${extra}` });
  const nodes = new Map<ContentField, TemplateNode[]>();
  const content: Record<string, string> = {};
  for (const field of known as readonly ContentField[]) {
    const source = texts[field];
    const where = `${base}.${field}`;
    if (source === undefined && (OPTIONAL_FIELDS as readonly string[]).includes(field)) continue;
    if (typeof source !== 'string' || source.trim() === '') throw new InvalidTemplateError(`${where} must be non-empty text.`, { field: where });
    if (source.length > MAX_SOURCE[field]) throw new InvalidTemplateError(`${where} is longer than ${MAX_SOURCE[field]} characters.`, { field: where });
    let parsed: TemplateNode[];
    try {
      parsed = parseTemplate(source);
    } catch (error) {
      if (error instanceof PlaceholderSyntaxError) throw new InvalidTemplateError(`${where}: ${error.message}`, { field: where });
      throw error;
    }
    const problems = checkPlaceholders(parsed, definitions);
    if (problems.length > 0) throw new InvalidTemplateError(`${where}: ${problems.join(' ')}`, { field: where, problems });
    nodes.set(field, parsed);
    content[field] = source;
  }
  return { nodes, content: content as LanguageContent };
}

function parseWhatsApp(input: unknown, definitions: VariableDefinition[], languages: string[]): WhatsAppSpec {
  const field = 'whatsapp';
  if (!isRecord(input)) throw new InvalidTemplateError('whatsapp must be { name, parameterFormat, parameters }.', { field });
  const { name, parameterFormat, parameters, languageCodes } = input;
  const extra = Object.keys(input).find((key) => !['name', 'parameterFormat', 'parameters', 'languageCodes'].includes(key));
  if (extra) throw new InvalidTemplateError(`whatsapp.${extra} is not a known property.`, { field: `whatsapp.${extra}` });
  if (typeof name !== 'string' || !WHATSAPP_NAME.test(name)) {
    throw new InvalidTemplateError('whatsapp.name must be an approved template name: lower-case letters, digits and _.', { field: 'whatsapp.name' });
  }
  if (parameterFormat !== 'positional' && parameterFormat !== 'named') {
    throw new InvalidTemplateError('whatsapp.parameterFormat must be positional or named.', { field: 'whatsapp.parameterFormat' });
  }
  const sources = new Set<string>([...REQUIRED_FIELDS, ...OPTIONAL_FIELDS, ...definitions.map((definition) => definition.name)]);
  if (!Array.isArray(parameters) || parameters.length === 0 || parameters.length > 20) {
    throw new InvalidTemplateError('whatsapp.parameters must list 1..20 content fields or variables.', { field: 'whatsapp.parameters' });
  }
  parameters.forEach((parameter: unknown, index) => {
    if (typeof parameter !== 'string' || !sources.has(parameter) || !WHATSAPP_PARAMETER.test(parameter)) {
      throw new InvalidTemplateError(`whatsapp.parameters[${index}] must be a content field or a declared variable.`, { field: `whatsapp.parameters[${index}]` });
    }
  });
  if (new Set(parameters).size !== parameters.length) throw new InvalidTemplateError('whatsapp.parameters has a duplicate.', { field: 'whatsapp.parameters' });
  const spec: WhatsAppSpec = { name, parameterFormat, parameters: parameters as string[] };
  if (languageCodes !== undefined) {
    if (!isRecord(languageCodes) || Object.entries(languageCodes).some(([tag, code]) => !languages.includes(tag) || typeof code !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(code))) {
      throw new InvalidTemplateError('whatsapp.languageCodes maps languages of the template to WhatsApp codes such as pt_BR.', { field: 'whatsapp.languageCodes' });
    }
    spec.languageCodes = languageCodes as Record<string, string>;
  }
  return spec;
}
