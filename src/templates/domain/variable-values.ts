import { InvalidInputError } from '../../common/domain-error.js';
import { parseDuration, type Duration } from './duration.js';
import { DEFAULT_TEXT_MAX, isRecord, type VariableDefinition } from './variables.js';

export interface Place {
  name: string;
  address?: string;
  lat: number;
  lon: number;
}

export interface PlaceItem extends Place {
  capacity?: number;
  accessible?: boolean;
}

/** A supplied value after validation, tagged with its type. */
export type VariableValue =
  | { type: 'text'; value: string }
  | { type: 'number'; value: number }
  | { type: 'datetime'; at: Date; timeZone: string }
  | { type: 'duration'; value: Duration }
  | { type: 'url'; value: string }
  | { type: 'phone'; value: string }
  | { type: 'place'; value: Place }
  | { type: 'places'; value: PlaceItem[] };

export type VariableValues = ReadonlyMap<string, VariableValue>;

export type VariableProblemKind = 'missing' | 'unexpected' | 'invalid';

export interface VariableProblem {
  variable: string;
  problem: VariableProblemKind;
  message: string;
}

export class InvalidVariablesError extends InvalidInputError {
  constructor(readonly problems: VariableProblem[]) {
    super('template.invalid_variables', problems.map((problem) => problem.message).join(' '), { variables: problems });
  }
}

const E164 = /^\+[1-9]\d{7,14}$/;
const MAX_PLACES = 50;
const MAX_URL = 2000;

/**
 * Checks supplied variables against the definitions: every required one present, nothing extra,
 * each of the right type. Collects every problem, so one answer names them all.
 */
export function validateVariables(definitions: readonly VariableDefinition[], supplied: unknown): VariableValues {
  const problems: VariableProblem[] = [];
  const input = isRecord(supplied) ? supplied : {};
  if (!isRecord(supplied) && supplied !== undefined) {
    throw new InvalidVariablesError([{ variable: '', problem: 'invalid', message: 'variables must be an object of name to value.' }]);
  }
  const values = new Map<string, VariableValue>();
  for (const definition of definitions) {
    const raw = Object.hasOwn(input, definition.name) ? input[definition.name] : undefined;
    if (raw === undefined || raw === null) {
      if (definition.required) problems.push({ variable: definition.name, problem: 'missing', message: `${definition.name} is required.` });
      continue;
    }
    const parsed = parseValue(definition, raw);
    if (typeof parsed === 'string') problems.push({ variable: definition.name, problem: 'invalid', message: `${definition.name} ${parsed}` });
    else values.set(definition.name, parsed);
  }
  const declared = new Set(definitions.map((definition) => definition.name));
  for (const name of Object.keys(input)) {
    if (!declared.has(name)) problems.push({ variable: name, problem: 'unexpected', message: `${name} is not a variable of this template.` });
  }
  if (problems.length > 0) throw new InvalidVariablesError(problems);
  return values;
}

/** The value, or a sentence (after the variable's name) saying what is wrong. */
function parseValue(definition: VariableDefinition, raw: unknown): VariableValue | string {
  switch (definition.type) {
    case 'text': {
      const max = definition.maxLength ?? DEFAULT_TEXT_MAX;
      if (typeof raw !== 'string' || raw.trim() === '') return 'must be non-empty text.';
      if ([...raw].length > max) return `must be at most ${max} characters.`;
      if (hasControlCharacters(raw)) return 'must not contain control characters.';
      return { type: 'text', value: raw.trim() };
    }
    case 'number':
      return typeof raw === 'number' && Number.isFinite(raw) ? { type: 'number', value: raw } : 'must be a finite number.';
    case 'datetime':
      return parseDateTime(raw);
    case 'duration': {
      const duration = typeof raw === 'string' ? parseDuration(raw) : null;
      return duration ? { type: 'duration', value: duration } : 'must be an ISO 8601 duration such as PT2H30M or P1D.';
    }
    case 'url':
      return parseUrl(raw);
    case 'phone':
      return typeof raw === 'string' && E164.test(raw) ? { type: 'phone', value: raw } : 'must be an E.164 phone number such as +15555550100.';
    case 'place': {
      const place = parsePlace(raw, false);
      return typeof place === 'string' ? place : { type: 'place', value: place };
    }
    case 'places':
      return parsePlaces(raw);
  }
}

function parseDateTime(raw: unknown): VariableValue | string {
  const shape = 'must be { "at": ISO 8601 date-time with offset, "timeZone": IANA zone such as America/Chicago }.';
  if (!isRecord(raw) || typeof raw.at !== 'string' || typeof raw.timeZone !== 'string') return shape;
  if (Object.keys(raw).some((key) => key !== 'at' && key !== 'timeZone')) return shape;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(raw.at)) return `has an "at" that is not an ISO 8601 date-time with offset. ${shape}`;
  const at = new Date(raw.at);
  if (Number.isNaN(at.getTime()) || !isCalendarDate(raw.at)) return 'has an "at" that is not a real date-time.';
  if (!isTimeZone(raw.timeZone)) return `has an unknown time zone "${raw.timeZone}" (use an IANA name such as Europe/Lisbon).`;
  return { type: 'datetime', at, timeZone: raw.timeZone };
}

/** Date rolls 30 February over to March; the calendar does not. */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isTimeZone(zone: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function parseUrl(raw: unknown): VariableValue | string {
  if (typeof raw !== 'string' || raw.length > MAX_URL) return `must be an http(s) URL of at most ${MAX_URL} characters.`;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL.';
    if (url.username || url.password) return 'must not carry a user name or password.';
    return { type: 'url', value: raw };
  } catch {
    return 'must be an http(s) URL.';
  }
}

function parsePlaces(raw: unknown): VariableValue | string {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_PLACES) return `must be a list of 1..${MAX_PLACES} places.`;
  const items: PlaceItem[] = [];
  for (const [index, entry] of raw.entries()) {
    const item = parsePlace(entry, true);
    if (typeof item === 'string') return `[${index}] ${item}`;
    items.push(item);
  }
  return { type: 'places', value: items };
}

/** A place `{ name, address?, lat, lon }`; list items may add `capacity` and `accessible`. */
function parsePlace(raw: unknown, item: boolean): PlaceItem | string {
  const shape = item ? 'must be { name, address?, lat, lon, capacity?, accessible? }.' : 'must be { name, address?, lat, lon }.';
  if (!isRecord(raw)) return shape;
  const allowed = item ? ['name', 'address', 'lat', 'lon', 'capacity', 'accessible'] : ['name', 'address', 'lat', 'lon'];
  const extra = Object.keys(raw).find((key) => !allowed.includes(key));
  if (extra) return `has an unknown field "${extra}"; it ${shape}`;
  const { name, address, lat, lon, capacity, accessible } = raw;
  if (typeof name !== 'string' || name.trim() === '' || name.length > 200 || hasControlCharacters(name)) return 'needs a name (1..200 characters).';
  if (address !== undefined && (typeof address !== 'string' || address.length > 300 || hasControlCharacters(address))) return 'has an address that is not text of at most 300 characters.';
  if (typeof lat !== 'number' || !(lat >= -90 && lat <= 90)) return 'needs lat between -90 and 90.';
  if (typeof lon !== 'number' || !(lon >= -180 && lon <= 180)) return 'needs lon between -180 and 180.';
  if (capacity !== undefined && (!Number.isInteger(capacity) || (capacity as number) < 0)) return 'has a capacity that is not a whole number >= 0.';
  if (accessible !== undefined && typeof accessible !== 'boolean') return 'has an accessible that is not true or false.';
  const place: PlaceItem = { name: name.trim(), lat, lon };
  if (typeof address === 'string' && address.trim() !== '') place.address = address.trim();
  if (capacity !== undefined) place.capacity = capacity as number;
  if (accessible !== undefined) place.accessible = accessible;
  return place;
}

// Control characters would let a value break a line or hide text; tabs and newlines included.
function hasControlCharacters(text: string): boolean {
  return /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(text);
}
