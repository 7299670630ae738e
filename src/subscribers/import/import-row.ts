import { isEmail } from 'class-validator';
import { CHANNELS, E164, LANGUAGE_TAG, MAX_EMAIL_LENGTH, MAX_LOCATIONS, MAX_TAGS, TAG, normalizeEmail } from '../subscriber.rules.js';
import { splitCsv } from './lines.js';

/** One subscriber as an import file gives it, checked. */
export interface ImportRow {
  line: number;
  /** At least one of phone and email. */
  phone: string | null;
  email: string | null;
  language: string;
  channels: string[];
  tags: string[];
  consentSource: string;
  consentAt: Date;
  locations: { lat: number; lon: number; label: string | null }[];
}

export type RowResult = { row: ImportRow } | { error: string } | { skip: true };

const REQUIRED_CSV = ['language', 'channels', 'consent_source', 'consent_at'] as const;
const CONSENT_SKEW_MS = 5 * 60_000;

/**
 * Reads import lines, CSV or NDJSON. CSV: a header line naming the columns `phone` and/or `email`,
 * `language, channels, consent_source, consent_at` and either `lat, lon[, label]` or `locations`
 * (`lat lon[ label]` entries separated by `;`), optional `tags`; lists inside a field are separated
 * by `|`. NDJSON: one object per line shaped like the POST /subscribers body. Each row needs a phone
 * or an email (or both; an empty field is none). Blank lines are skipped.
 */
export class ImportRowReader {
  private header: string[] | undefined;

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
    if (!this.header) {
      const header = fields.map((f) => f.toLowerCase());
      const missing: string[] = REQUIRED_CSV.filter((column) => !header.includes(column));
      if (!header.includes('phone') && !header.includes('email')) missing.unshift('phone or email');
      if (!header.includes('locations') && !(header.includes('lat') && header.includes('lon'))) missing.push('lat, lon or locations');
      if (missing.length > 0) return { error: `the header lacks ${missing.join(', ')}` };
      this.header = header;
      return { skip: true };
    }
    if (fields.length !== this.header.length) return { error: `expected ${this.header.length} fields, found ${fields.length}` };
    const value = (column: string) => fields[this.header!.indexOf(column)] ?? '';
    const list = (column: string) => value(column).split('|').map((s) => s.trim()).filter(Boolean);
    const locations = this.header.includes('locations')
      ? value('locations').split(';').filter((s) => s.trim()).map((entry) => {
          const [lat, lon, ...label] = entry.trim().split(/\s+/);
          return { lat: Number(lat), lon: Number(lon), label: label.join(' ') || null };
        })
      : [{ lat: value('lat') === '' ? NaN : Number(value('lat')), lon: value('lon') === '' ? NaN : Number(value('lon')), label: value('label') || null }];
    return this.check(line, {
      phone: value('phone'),
      email: value('email'),
      language: value('language'),
      channels: list('channels'),
      tags: this.header.includes('tags') ? list('tags') : [],
      consentSource: value('consent_source'),
      consentAt: value('consent_at'),
      locations,
    });
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
      channels: o.channels,
      tags: o.tags ?? [],
      consentSource: consent.source,
      consentAt: consent.at,
      locations: locations.map((l) => {
        const loc = (typeof l === 'object' && l !== null ? l : {}) as Record<string, unknown>;
        return { lat: loc.lat, lon: loc.lon, label: typeof loc.label === 'string' ? loc.label : null };
      }),
    });
  }

  private check(line: number, raw: Record<string, unknown> & { locations: { lat: unknown; lon: unknown; label: string | null }[] }): RowResult {
    const { language, channels, tags, consentSource, consentAt, locations } = raw;
    const phone = raw.phone === undefined || raw.phone === null || raw.phone === '' ? null : raw.phone;
    const email = raw.email === undefined || raw.email === null || raw.email === '' ? null : raw.email;
    if (phone === null && email === null) return { error: 'give a phone or an email' };
    if (phone !== null && (typeof phone !== 'string' || !E164.test(phone))) return { error: 'phone must be an E.164 number such as +447700900123' };
    if (email !== null && (typeof email !== 'string' || email.length > MAX_EMAIL_LENGTH || !isEmail(email))) return { error: 'email must be an email address such as ana@example.org' };
    if (typeof language !== 'string' || !LANGUAGE_TAG.test(language)) return { error: 'language must be a BCP 47 tag such as en or pt-BR' };
    if (!isStringList(channels) || channels.length === 0 || channels.some((c) => !(CHANNELS as readonly string[]).includes(c)) || new Set(channels).size !== channels.length) {
      return { error: `channels must be distinct values of ${CHANNELS.join(', ')}` };
    }
    if (!isStringList(tags) || tags.length > MAX_TAGS || tags.some((t) => !TAG.test(t))) return { error: 'tags must be lower-case letters, digits, - or _' };
    if (typeof consentSource !== 'string' || consentSource.length === 0 || consentSource.length > 100) return { error: 'consent source is required' };
    const at = typeof consentAt === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(consentAt) ? new Date(consentAt) : new Date(NaN);
    if (Number.isNaN(at.getTime())) return { error: 'consent time must be an ISO 8601 date-time' };
    if (at.getTime() > this.now.getTime() + CONSENT_SKEW_MS) return { error: 'consent time lies in the future' };
    if (locations.length === 0 || locations.length > MAX_LOCATIONS) return { error: `give 1 to ${MAX_LOCATIONS} locations` };
    for (const l of locations) {
      if (typeof l.lat !== 'number' || typeof l.lon !== 'number' || !(Math.abs(l.lat) <= 90) || !(Math.abs(l.lon) <= 180)) {
        return { error: 'each location needs lat within [-90, 90] and lon within [-180, 180]' };
      }
    }
    return {
      row: { line, phone, email: email === null ? null : normalizeEmail(email), language, channels, tags, consentSource, consentAt: at, locations: locations as ImportRow['locations'] },
    };
  }
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
