import { CapError } from './cap.errors.js';
import { capCircleToArea, capPolygonToGeoJson } from './cap-geometry.js';
import { normalizeCapTime } from './cap-time.js';
import {
  CAP_CATEGORIES, CAP_CERTAINTIES, CAP_MSG_TYPES, CAP_NAMESPACE, CAP_RESPONSE_TYPES, CAP_SCOPES, CAP_SEVERITIES, CAP_STATUSES, CAP_URGENCIES,
  XMLDSIG_NAMESPACE, type CapArea, type CapImportNotes, type CapInfo, type CapMessage, type CapValuePair,
} from './cap.types.js';
import type { XmlElement } from './xml-tree.js';

const LANGUAGE = /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/;

/** Elements of CAP 1.2 Beacon reads, per parent; anything else is reported as dropped. */
const KNOWN = {
  alert: ['identifier', 'sender', 'sent', 'status', 'msgType', 'source', 'scope', 'code', 'note', 'references', 'info'],
  info: ['language', 'category', 'event', 'responseType', 'urgency', 'severity', 'certainty', 'audience', 'eventCode', 'effective', 'onset', 'expires', 'senderName', 'headline', 'description', 'instruction', 'web', 'contact', 'parameter', 'area'],
  area: ['areaDesc', 'polygon', 'circle', 'geocode', 'altitude', 'ceiling'],
} as const;

const DROPPED_REASONS: Record<string, string> = {
  resource: 'resources (attached files and links) are not stored',
  restriction: 'restricted messages are not supported; only Public scope is',
  addresses: 'addressed messages are not supported; only Public scope is',
  incidents: 'incident grouping is not stored',
};

/** Reads a CAP 1.2 `alert` element into the message Beacon models, reporting what it could not keep. */
export function readCapAlert(root: XmlElement): { message: CapMessage; notes: CapImportNotes } {
  if (root.namespace !== CAP_NAMESPACE) {
    throw new CapError('cap.wrong_namespace', `The root element must be <alert> in the CAP 1.2 namespace ${CAP_NAMESPACE}, got <${root.name}> in ${root.namespace ?? 'no namespace'}.`, {
      path: root.name,
      namespace: root.namespace ?? null,
    });
  }
  if (root.name !== 'alert') throw new CapError('cap.invalid', `The root element must be <alert>, got <${root.name}>.`, { path: root.name });
  const notes: CapImportNotes = { dropped: [], warnings: [] };
  const alert = new CapElementReader(root, 'alert', notes);
  alert.reportUnknown(KNOWN.alert);
  const message: CapMessage = {
    identifier: alert.token('identifier'),
    sender: alert.token('sender'),
    sent: alert.time('sent', true)!,
    status: alert.oneOf('status', CAP_STATUSES),
    msgType: alert.oneOf('msgType', CAP_MSG_TYPES),
    source: alert.optional('source'),
    scope: alert.oneOf('scope', CAP_SCOPES),
    codes: alert.all('code').map((code) => code.text.trim()),
    note: alert.optional('note'),
    references: alert.optional('references')?.trim().replace(/\s+/g, ' '),
    infos: alert.all('info').map((info, i) => readInfo(new CapElementReader(info, `alert/info[${i + 1}]`, notes))),
  };
  return { message, notes };
}

function readInfo(info: CapElementReader): CapInfo {
  info.reportUnknown(KNOWN.info);
  const language = info.optional('language') ?? 'en-US';
  if (!LANGUAGE.test(language)) throw info.invalid('language', `"${language}" is not a language tag such as en-US.`);
  return {
    language,
    categories: info.manyOf('category', CAP_CATEGORIES, 1),
    event: info.required('event'),
    responseTypes: info.manyOf('responseType', CAP_RESPONSE_TYPES, 0),
    urgency: info.oneOf('urgency', CAP_URGENCIES),
    severity: info.oneOf('severity', CAP_SEVERITIES),
    certainty: info.oneOf('certainty', CAP_CERTAINTIES),
    audience: info.optional('audience'),
    eventCodes: info.pairs('eventCode'),
    effective: info.time('effective'),
    onset: info.time('onset'),
    expires: info.time('expires'),
    senderName: info.optional('senderName'),
    headline: info.optional('headline'),
    description: info.optional('description'),
    instruction: info.optional('instruction'),
    web: info.optional('web'),
    contact: info.optional('contact'),
    parameters: info.pairs('parameter'),
    areas: info.all('area').map((area, k) => readArea(info.child(area, `area[${k + 1}]`))),
  };
}

function readArea(area: CapElementReader): CapArea {
  area.reportUnknown(KNOWN.area);
  const read: CapArea = {
    areaDesc: area.required('areaDesc'),
    polygons: area.all('polygon').map((polygon, p) => capPolygonToGeoJson(polygon.text, `${area.path}/polygon[${p + 1}]`)),
    circles: area.all('circle').map((circle, c) => capCircleToArea(circle.text, `${area.path}/circle[${c + 1}]`)),
    geocodes: area.pairs('geocode'),
  };
  const altitude = area.decimal('altitude');
  const ceiling = area.decimal('ceiling');
  if (altitude !== undefined) read.altitude = altitude;
  if (ceiling !== undefined) read.ceiling = ceiling;
  return read;
}

/** Typed access to the CAP children of one element, with errors naming the element path. */
class CapElementReader {
  constructor(
    private readonly element: XmlElement,
    readonly path: string,
    private readonly notes: CapImportNotes,
  ) {}

  child(element: XmlElement, name: string): CapElementReader {
    return new CapElementReader(element, `${this.path}/${name}`, this.notes);
  }

  all(name: string): XmlElement[] {
    return this.element.children.filter((child) => child.namespace === CAP_NAMESPACE && child.name === name);
  }

  invalid(name: string, problem: string): CapError {
    return new CapError('cap.invalid', `${this.path}/${name}: ${problem}`, { path: `${this.path}/${name}` });
  }

  optional(name: string): string | undefined {
    const found = this.all(name);
    if (found.length > 1) throw this.invalid(name, 'may appear at most once.');
    if (!found[0]) return undefined;
    const text = tidy(found[0].text);
    return text === '' ? undefined : text;
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) throw this.invalid(name, 'is required and must not be empty.');
    return value;
  }

  /** identifier and sender: no whitespace, commas, "<" or "&" (CAP 1.2, 3.2.1), since references are built from them. */
  token(name: string): string {
    const value = this.required(name);
    if (/[\s,<&]/.test(value)) throw this.invalid(name, 'must not contain spaces, commas, "<" or "&".');
    return value;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const value = this.required(name);
    if (!(allowed as readonly string[]).includes(value)) throw this.invalid(name, `"${value}" is not one of ${allowed.join(', ')}.`);
    return value as T;
  }

  manyOf<T extends string>(name: string, allowed: readonly T[], min: number): T[] {
    const values = this.all(name).map((element, i) => {
      const value = element.text.trim();
      if (!(allowed as readonly string[]).includes(value)) throw this.invalid(`${name}[${i + 1}]`, `"${value}" is not one of ${allowed.join(', ')}.`);
      return value as T;
    });
    if (values.length < min) throw this.invalid(name, 'is required.');
    return values;
  }

  time(name: string, required = false): string | undefined {
    const value = required ? this.required(name) : this.optional(name);
    if (value === undefined) return undefined;
    const time = normalizeCapTime(value);
    if (time === undefined) throw this.invalid(name, `"${value}" is not a date-time such as 2026-09-12T09:39:00-04:00.`);
    return time;
  }

  decimal(name: string): number | undefined {
    const value = this.optional(name);
    if (value === undefined) return undefined;
    const number = Number(value);
    if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(value) || !Number.isFinite(number)) throw this.invalid(name, `"${value}" is not a decimal number.`);
    return number;
  }

  pairs(name: string): CapValuePair[] {
    return this.all(name).map((element, i) => {
      const pair = this.child(element, `${name}[${i + 1}]`);
      return { valueName: pair.required('valueName'), value: pair.optional('value') ?? '' };
    });
  }

  /** Reports children Beacon does not model: known CAP elements it drops, signatures, anything foreign. */
  reportUnknown(known: readonly string[]): void {
    const counts = new Map<string, number>();
    for (const child of this.element.children) {
      const index = (counts.get(child.name) ?? 0) + 1;
      counts.set(child.name, index);
      const path = `${this.path}/${child.name}[${index}]`;
      if (child.namespace === CAP_NAMESPACE && known.includes(child.name)) continue;
      if (child.namespace === XMLDSIG_NAMESPACE && child.name === 'Signature') {
        this.notes.dropped.push({ path: `${this.path}/ds:Signature`, reason: 'the XML signature (ds:Signature) is neither verified nor kept' });
      } else if (child.namespace === CAP_NAMESPACE) {
        this.notes.dropped.push({ path, reason: DROPPED_REASONS[child.name] ?? `<${child.name}> is not a CAP 1.2 element Beacon models` });
      } else {
        this.notes.dropped.push({ path, reason: `<${child.name}> in ${child.namespace ?? 'no namespace'} is not part of CAP 1.2` });
      }
    }
  }
}

/** Trims and drops the indentation of continuation lines that pretty-printed XML adds. */
function tidy(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .join('\n')
    .trim();
}
