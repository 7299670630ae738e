import type { AreaCircle, AreaInput, GeoJsonMultiPolygon, GeoJsonPolygon } from '../../areas/area.types.js';
import { formatCapTime } from './cap-time.js';
import type { AlertRenderings } from '../template/alert-template.js';
import type { CapArea, CapCertainty, CapInfo, CapMessage, CapMsgType, CapScope, CapSeverity, CapStatus, CapUrgency, CapValuePair } from './cap.types.js';

/** The alert columns the CAP form is made from. */
export interface CapSourceAlert {
  id: string;
  headline: string;
  event: string;
  severity: string;
  urgency: string;
  certainty: string;
  status: string;
  area: Record<string, unknown>;
  texts: Record<string, string>;
  msgType: string;
  scope: string;
  capIdentifier: string | null;
  capSender: string | null;
  capSent: string | null;
  capReferences: string | null;
  capSource: string | null;
  capNote: string | null;
  capCodes: string[] | null;
  capInfos: CapInfo[] | null;
  createdAt: Date;
  onsetAt?: Date | null;
  expiresAt?: Date | null;
  /** Template renderings per language: their CAP fields make the info blocks. */
  renderings?: AlertRenderings | null;
}

/** Beacon's own identifier of an alert it originates: stable for the alert's life, unique everywhere. */
export function beaconIdentifier(alertId: string): string {
  return `urn:beacon:alert:${alertId}`;
}

/** The alert id inside a Beacon identifier, or undefined for any other identifier. */
export function alertIdOfIdentifier(identifier: string): string | undefined {
  const match = /^urn:beacon:alert:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(identifier);
  return match?.[1]?.toLowerCase();
}

export function capHeaderOf(alert: Pick<CapSourceAlert, 'id' | 'capIdentifier' | 'capSender' | 'capSent' | 'createdAt'>, ownSender: string) {
  return {
    identifier: alert.capIdentifier ?? beaconIdentifier(alert.id),
    sender: alert.capSender ?? ownSender,
    sent: alert.capSent ?? formatCapTime(alert.createdAt),
  };
}

/**
 * The CAP message of an alert. An imported alert gives back what was imported; an alert drafted in
 * JSON gets one info per language of its texts, with its area's outer rings (CAP has no holes) and
 * geocodes; where a template rendered the language, its CAP fields (event, headline, description,
 * instruction, web, contact) fill the info. An Update or Cancel carries its msgType and references.
 */
export function alertToCap(alert: CapSourceAlert, ownSender: string): CapMessage {
  const message: CapMessage = {
    ...capHeaderOf(alert, ownSender),
    status: alert.status as CapStatus,
    msgType: alert.msgType as CapMsgType,
    scope: alert.scope as CapScope,
    codes: alert.capCodes ?? [],
    infos: alert.capInfos ?? derivedInfos(alert),
  };
  if (alert.capSource !== null) message.source = alert.capSource;
  if (alert.capNote !== null) message.note = alert.capNote;
  if (alert.capReferences !== null) message.references = alert.capReferences;
  return message;
}

function derivedInfos(alert: CapSourceAlert): CapInfo[] {
  const area = capAreaOf(alert.area);
  return Object.entries(alert.texts).map(([language, text]) => {
    const info: CapInfo = {
      language,
      categories: ['Other'],
      event: alert.event,
      responseTypes: [],
      urgency: alert.urgency as CapUrgency,
      severity: alert.severity as CapSeverity,
      certainty: alert.certainty as CapCertainty,
      eventCodes: [],
      headline: alert.headline,
      description: text,
      parameters: [],
      areas: area ? [area] : [],
    };
    if (alert.onsetAt) info.onset = formatCapTime(alert.onsetAt);
    if (alert.expiresAt) info.expires = formatCapTime(alert.expiresAt);
    const cap = alert.renderings?.[language]?.cap;
    if (!cap) return info;
    const rendered: Partial<CapInfo> = { event: cap.event, headline: cap.headline, description: cap.description, instruction: cap.instruction };
    if (cap.web) rendered.web = cap.web;
    if (cap.contact) rendered.contact = cap.contact;
    return { ...info, ...Object.fromEntries(Object.entries(rendered).filter(([, value]) => value !== '')) };
  });
}

function capAreaOf(area: AreaInput & { geocodes?: CapValuePair[] }): CapArea | undefined {
  const polygons = (area.polygons ?? []).flatMap((geometry: GeoJsonPolygon | GeoJsonMultiPolygon): GeoJsonPolygon[] =>
    geometry.type === 'Polygon' ? [outer(geometry.coordinates)] : geometry.coordinates.map(outer),
  );
  const circles: AreaCircle[] = area.circles ?? [];
  const geocodes = Array.isArray(area.geocodes) ? area.geocodes : [];
  if (polygons.length === 0 && circles.length === 0 && geocodes.length === 0) return undefined;
  return { areaDesc: 'Alert area', polygons, circles, geocodes };
}

function outer(rings: number[][][]): GeoJsonPolygon {
  return { type: 'Polygon', coordinates: rings.slice(0, 1) };
}
