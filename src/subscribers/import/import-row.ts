import { isEmail } from 'class-validator';
import { CHANNELS, E164, LANGUAGE_TAG, MAX_EMAIL_LENGTH, MAX_TAGS, TAG, normalizeEmail } from '../subscriber.rules.js';
import { checkLocations, csvLatLon, csvLocations, type Checked, type ImportLocation } from './import-locations.js';
import { splitCsv } from './lines.js';

/** One subscriber as an import file gives it, checked. */
export interface ImportRow {
  line: number;
  /** At least one of phone and email. */
  phone: string | null;
  email: string | null;
  language: string;
  channels: readonly string[];
  tags: readonly string[];
  consentSource: string;
  consentAt: Date;
  locations: ImportLocation[];
}

export type RowResult = { row: ImportRow } | { error: string } | { skip: true };

const REQUIRED_CSV = ['language', 'channels', 'consent_source', 'consent_at'] as const;
const CONSENT_SKEW_MS = 5 * 60_000;
/** Rows of a file repeat a few channel lists, tag lists and consent times: each is checked once. */
const MEMO_LIMIT = 1000;

interface RawRow {
  phone: unknown;
  email: unknown;
  language: unknown;
  channels: Checked<readonly string[]>;
  tags: Checked<readonly string[]>;
  consentSource: unknown;
  consentAt: unknown;
  locations: Checked<ImportLocation[]>;
}


/** Column positions of a CSV header. */
interface CsvColumns {
  count: number;
  phone: number;
  email: number;
  language: number;
  channels: number;
  tags: number;
  consentSource: number;
  consentAt: number;
  locations: number;
  lat: number;
  lon: number;
  label: number;
}

/**
 * Reads import lines, CSV or NDJSON. CSV: a header line naming the columns `phone` and/or `email`,
 * `language, channels, consent_source, consent_at` and either `lat, lon[, label]` or `locations`
 * (`lat lon[ label]` entries separated by `;`), optional `tags`; lists inside a field are separated
 * by `|`. NDJSON: one object per line shaped like the POST /subscribers body. Each row needs a phone
 * or an email (or both; an empty field is none). Blank lines are skipped.
 */
export class ImportRowReader {
  private columns: CsvColumns | undefined;
  private readonly csvLists = new Memo<string, Checked<readonly string[]>>();
  private readonly csvTags = new Memo<string, Checked<readonly string[]>>();
  private readonly consentTimes = new Memo<string, Checked<Date>>();

  constructor(
    private readonly format: 'csv' | 'ndjson',
    private readonly now: Date,
  ) {}

  read(line: number, text: string): RowResult {
    if (text.trim() === '') return { skip: true };
    return this.format === 'csv' ? this.readCsv(line, text) : this.readJson(line, text);
  }

  private readCsv(line: number, text: string): RowResult {
    const fields = splitCsv(text);
    if (typeof fields === 'string') return { error: fields };
    if (!this.columns) return this.readHeader(fields);
    const c = this.columns;
    if (fields.length !== c.count) return { error: `expected ${c.count} fields, found ${fields.length}` };
    const value = (index: number) => (index < 0 ? '' : fields[index]!);
    return this.check(line, {
      phone: value(c.phone),
      email: value(c.email),
      language: value(c.language),
      channels: this.csvLists.get(value(c.channels), (field) => checkChannels(csvList(field))),
      tags: this.csvTags.get(value(c.tags), (field) => checkTags(csvList(field))),
      consentSource: value(c.consentSource),
      consentAt: value(c.consentAt),
      locations: c.locations >= 0 ? csvLocations(value(c.locations)) : csvLatLon(value(c.lat), value(c.lon), value(c.label) || null),
    });
  }

  private readHeader(fields: string[]): RowResult {
    const header = fields.map((f) => f.toLowerCase());
    const missing: string[] = REQUIRED_CSV.filter((column) => !header.includes(column));
    if (!header.includes('phone') && !header.includes('email')) missing.unshift('phone or email');
    if (!header.includes('locations') && !(header.includes('lat') && header.includes('lon'))) missing.push('lat, lon or locations');
    if (missing.length > 0) return { error: `the header lacks ${missing.join(', ')}` };
    const at = (column: string) => header.indexOf(column);
    this.columns = {
      count: header.length,
      phone: at('phone'),
      email: at('email'),
      language: at('language'),
      channels: at('channels'),
      tags: at('tags'),
      consentSource: at('consent_source'),
      consentAt: at('consent_at'),
      locations: at('locations'),
      lat: at('lat'),
      lon: at('lon'),
      label: at('label'),
    };
    return { skip: true };
  }

  private readJson(line: number, text: string): RowResult {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { error: 'not valid JSON' };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'not a JSON object' };
    const o = parsed as Record<string, unknown>;
    const consent = (typeof o.consent === 'object' && o.consent !== null ? o.consent : {}) as Record<string, unknown>;
    const locations = Array.isArray(o.locations) ? (o.locations as unknown[]) : [];
    return this.check(line, {
      phone: o.phone,
      email: o.email,
      language: o.language,
      channels: checkChannels(o.channels),
      tags: checkTags(o.tags ?? []),
      consentSource: consent.source,
      consentAt: consent.at,
      locations: checkLocations(
        locations.map((l) => {
          const loc = (typeof l === 'object' && l !== null ? l : {}) as Record<string, unknown>;
          return { lat: loc.lat, lon: loc.lon, label: typeof loc.label === 'string' ? loc.label : null };
        }),
      ),
    });
  }

  /** The checks, in the order their errors are reported (channels, tags and locations come checked already). */
  private check(line: number, raw: RawRow): RowResult {
    const { language, channels, tags, consentSource } = raw;
    const phone = raw.phone === undefined || raw.phone === null || raw.phone === '' ? null : raw.phone;
    const email = raw.email === undefined || raw.email === null || raw.email === '' ? null : raw.email;
    if (phone === null && email === null) return { error: 'give a phone or an email' };
    if (phone !== null && (typeof phone !== 'string' || !E164.test(phone))) return { error: 'phone must be an E.164 number such as +447700900123' };
    if (email !== null && (typeof email !== 'string' || email.length > MAX_EMAIL_LENGTH || !isEmail(email))) return { error: 'email must be an email address such as ana@example.org' };
    if (typeof language !== 'string' || !LANGUAGE_TAG.test(language)) return { error: 'language must be a BCP 47 tag such as en or pt-BR' };
    if ('error' in channels) return channels;
    if ('error' in tags) return tags;
    if (typeof consentSource !== 'string' || consentSource.length === 0 || consentSource.length > 100) return { error: 'consent source is required' };
    const consentAt = typeof raw.consentAt === 'string' ? this.consentTimes.get(raw.consentAt, (text) => this.checkConsentTime(text)) : { error: CONSENT_TIME_ERROR };
    if ('error' in consentAt) return consentAt;
    const { locations } = raw;
    if ('error' in locations) return locations;
    return {
      row: {
        line,
        phone,
        email: email === null ? null : normalizeEmail(email),
        language,
        channels: channels.ok,
        tags: tags.ok,
        consentSource,
        consentAt: consentAt.ok,
        locations: locations.ok,
      },
    };
  }

  private checkConsentTime(text: string): Checked<Date> {
    const at = /^\d{4}-\d{2}-\d{2}T/.test(text) ? new Date(text) : new Date(NaN);
    if (Number.isNaN(at.getTime())) return { error: CONSENT_TIME_ERROR };
    if (at.getTime() > this.now.getTime() + CONSENT_SKEW_MS) return { error: 'consent time lies in the future' };
    return { ok: at };
  }
}

const CONSENT_TIME_ERROR = 'consent time must be an ISO 8601 date-time';

function checkChannels(channels: unknown): Checked<readonly string[]> {
  if (!isStringList(channels) || channels.length === 0 || channels.some((c) => !(CHANNELS as readonly string[]).includes(c)) || new Set(channels).size !== channels.length) {
    return { error: `channels must be distinct values of ${CHANNELS.join(', ')}` };
  }
  return { ok: channels };
}

function checkTags(tags: unknown): Checked<readonly string[]> {
  if (!isStringList(tags) || tags.length > MAX_TAGS || tags.some((t) => !TAG.test(t))) return { error: 'tags must be lower-case letters, digits, - or _' };
  return { ok: tags };
}

function csvList(field: string): string[] {
  return field.split('|').map((s) => s.trim()).filter(Boolean);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** A bounded cache of a pure function's results by key. */
class Memo<K, V> {
  private readonly values = new Map<K, V>();

  get(key: K, compute: (key: K) => V): V {
    let value = this.values.get(key);
    if (value === undefined) {
      if (this.values.size >= MEMO_LIMIT) this.values.clear();
      value = compute(key);
      this.values.set(key, value);
    }
    return value;
  }
}
