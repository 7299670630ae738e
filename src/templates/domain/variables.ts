import { InvalidInputError } from '../../common/domain-error.js';

/** The types a template variable can have. */
export const VARIABLE_TYPES = ['text', 'number', 'datetime', 'duration', 'url', 'phone', 'place', 'places'] as const;
export type VariableType = (typeof VARIABLE_TYPES)[number];

export interface VariableDefinition {
  name: string;
  type: VariableType;
  required: boolean;
  /** What the operator is asked for, in the template's default language. */
  label?: string;
  /** text only: the longest accepted value (default 500). */
  maxLength?: number;
}

export const VARIABLE_NAME = /^[a-z][a-z0-9_]{0,39}$/;
export const DEFAULT_TEXT_MAX = 500;
export const MAX_VARIABLES = 30;

/** Fields a placeholder may read from a value, by variable type (`{{shelter.address}}`). */
export const FIELDS_BY_TYPE: Record<VariableType, readonly string[]> = {
  text: [],
  number: [],
  datetime: ['date', 'time'],
  duration: [],
  url: [],
  phone: [],
  place: ['name', 'address', 'lat', 'lon', 'map'],
  places: [],
};

/** Fields of one item inside `{{#each places}}`; `accessible` is a yes/no for `{{#if}}`. */
export const PLACE_ITEM_FIELDS = ['name', 'address', 'lat', 'lon', 'map', 'capacity', 'accessible', 'number'] as const;

export class InvalidTemplateError extends InvalidInputError {
  constructor(message: string, details: { field: string; [key: string]: unknown }) {
    super('template.invalid_definition', message, details);
  }
}

/** Checks the variable list of a template definition; throws naming the first bad field. */
export function parseVariableDefinitions(input: unknown): VariableDefinition[] {
  if (!Array.isArray(input)) throw new InvalidTemplateError('variables must be a list.', { field: 'variables' });
  if (input.length > MAX_VARIABLES) throw new InvalidTemplateError(`A template has at most ${MAX_VARIABLES} variables.`, { field: 'variables' });
  const seen = new Set<string>();
  return input.map((raw: unknown, index) => {
    const field = `variables[${index}]`;
    if (!isRecord(raw)) throw new InvalidTemplateError(`${field} must be an object.`, { field });
    const known = ['name', 'type', 'required', 'label', 'maxLength'];
    const extra = Object.keys(raw).find((key) => !known.includes(key));
    if (extra) throw new InvalidTemplateError(`${field}.${extra} is not a known property.`, { field: `${field}.${extra}` });
    const { name, type, required, label, maxLength } = raw;
    if (typeof name !== 'string' || !VARIABLE_NAME.test(name)) {
      throw new InvalidTemplateError(`${field}.name must be lower-case letters, digits and _ (starting with a letter, at most 40).`, { field: `${field}.name` });
    }
    if (seen.has(name)) throw new InvalidTemplateError(`Variable ${name} is declared twice.`, { field: `${field}.name` });
    seen.add(name);
    if (typeof type !== 'string' || !(VARIABLE_TYPES as readonly string[]).includes(type)) {
      throw new InvalidTemplateError(`${field}.type must be one of ${VARIABLE_TYPES.join(', ')}.`, { field: `${field}.type` });
    }
    if (typeof required !== 'boolean') throw new InvalidTemplateError(`${field}.required must be true or false.`, { field: `${field}.required` });
    if (label !== undefined && (typeof label !== 'string' || label.length > 200)) {
      throw new InvalidTemplateError(`${field}.label must be text of at most 200 characters.`, { field: `${field}.label` });
    }
    if (maxLength !== undefined && (type !== 'text' || !Number.isInteger(maxLength) || (maxLength as number) < 1 || (maxLength as number) > 2000)) {
      throw new InvalidTemplateError(`${field}.maxLength is for text variables, 1..2000.`, { field: `${field}.maxLength` });
    }
    const definition: VariableDefinition = { name, type: type as VariableType, required };
    if (label !== undefined) definition.label = label;
    if (maxLength !== undefined) definition.maxLength = maxLength as number;
    return definition;
  });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
