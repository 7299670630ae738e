import { circleToCapCircle, ringToCapPolygon } from './cap-geometry.js';
import { CAP_NAMESPACE, type CapArea, type CapInfo, type CapMessage, type CapValuePair } from './cap.types.js';

/** Writes a CAP 1.2 document, elements in the order of the official schema. */
export function writeCap(message: CapMessage): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<alert xmlns="${CAP_NAMESPACE}">`];
  const out = new Lines(lines, 1);
  out.text('identifier', message.identifier);
  out.text('sender', message.sender);
  out.text('sent', message.sent);
  out.text('status', message.status);
  out.text('msgType', message.msgType);
  out.text('source', message.source);
  out.text('scope', message.scope);
  message.codes.forEach((code) => out.text('code', code));
  out.text('note', message.note);
  out.text('references', message.references);
  message.infos.forEach((info) => writeInfo(out.nested('info'), info));
  lines.push('</alert>', '');
  return lines.join('\n');
}

function writeInfo(out: Lines, info: CapInfo): void {
  out.text('language', info.language);
  info.categories.forEach((category) => out.text('category', category));
  out.text('event', info.event);
  info.responseTypes.forEach((responseType) => out.text('responseType', responseType));
  out.text('urgency', info.urgency);
  out.text('severity', info.severity);
  out.text('certainty', info.certainty);
  out.text('audience', info.audience);
  info.eventCodes.forEach((pair) => writePair(out, 'eventCode', pair));
  out.text('effective', info.effective);
  out.text('onset', info.onset);
  out.text('expires', info.expires);
  out.text('senderName', info.senderName);
  out.text('headline', info.headline);
  out.text('description', info.description);
  out.text('instruction', info.instruction);
  out.text('web', info.web);
  out.text('contact', info.contact);
  info.parameters.forEach((pair) => writePair(out, 'parameter', pair));
  info.areas.forEach((area) => writeArea(out.nested('area'), area));
  out.close();
}

function writeArea(out: Lines, area: CapArea): void {
  out.text('areaDesc', area.areaDesc);
  area.polygons.forEach((polygon) => out.text('polygon', ringToCapPolygon(polygon.coordinates[0] ?? [])));
  area.circles.forEach((circle) => out.text('circle', circleToCapCircle(circle)));
  area.geocodes.forEach((pair) => writePair(out, 'geocode', pair));
  if (area.altitude !== undefined) out.text('altitude', decimal(area.altitude));
  if (area.ceiling !== undefined) out.text('ceiling', decimal(area.ceiling));
  out.close();
}

function writePair(out: Lines, name: string, pair: CapValuePair): void {
  const nested = out.nested(name);
  nested.text('valueName', pair.valueName);
  nested.text('value', pair.value, true);
  nested.close();
}

/** Appends indented elements; `nested` opens a child element that `close` ends. */
class Lines {
  constructor(
    private readonly lines: string[],
    private readonly depth: number,
    private readonly name?: string,
  ) {}

  text(name: string, value: string | undefined, evenIfEmpty = false): void {
    if (value === undefined || (value === '' && !evenIfEmpty)) return;
    this.lines.push(`${'  '.repeat(this.depth)}<${name}>${escapeXml(value)}</${name}>`);
  }

  nested(name: string): Lines {
    this.lines.push(`${'  '.repeat(this.depth)}<${name}>`);
    return new Lines(this.lines, this.depth + 1, name);
  }

  close(): void {
    if (this.name !== undefined) this.lines.push(`${'  '.repeat(this.depth - 1)}</${this.name}>`);
  }
}

/** Escapes markup and drops characters XML 1.0 cannot carry at all. */
export function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function decimal(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(6).replace(/0+$/, '');
}
