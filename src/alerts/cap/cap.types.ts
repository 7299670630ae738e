import type { AreaCircle, GeoJsonPolygon } from '../../areas/area.types.js';

/** CAP 1.2 vocabularies (OASIS CAP 1.2, section 3.2), as plain data. */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';
export const XMLDSIG_NAMESPACE = 'http://www.w3.org/2000/09/xmldsig#';

export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'] as const;
export const CAP_RESPONSE_TYPES = ['Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None'] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;

/** What Beacon stores and sends: the subsets of status, msgType and scope it can act on. */
export const BEACON_STATUSES = ['Actual', 'Exercise', 'Test'] as const;
export const BEACON_MSG_TYPES = ['Alert', 'Update', 'Cancel'] as const;
export const BEACON_SCOPES = ['Public'] as const;

export type CapStatus = (typeof CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapScope = (typeof CAP_SCOPES)[number];
export type CapCategory = (typeof CAP_CATEGORIES)[number];
export type CapResponseType = (typeof CAP_RESPONSE_TYPES)[number];
export type CapUrgency = (typeof CAP_URGENCIES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type CapCertainty = (typeof CAP_CERTAINTIES)[number];
export type BeaconStatus = (typeof BEACON_STATUSES)[number];
export type BeaconMsgType = (typeof BEACON_MSG_TYPES)[number];
export type BeaconScope = (typeof BEACON_SCOPES)[number];

/** A CAP `valueName` / `value` pair (eventCode, parameter, geocode). */
export interface CapValuePair {
  valueName: string;
  value: string;
}

/**
 * A CAP area. Polygons are GeoJSON ([lon, lat], like every other area in Beacon); CAP's text form
 * ("lat,lon lat,lon ...") is converted at the edges.
 */
export interface CapArea {
  areaDesc: string;
  polygons: GeoJsonPolygon[];
  circles: AreaCircle[];
  geocodes: CapValuePair[];
  altitude?: number;
  ceiling?: number;
}

/** One CAP `info` block: one language of the alert. Times are CAP date-times ("2026-09-12T09:39:00-04:00"). */
export interface CapInfo {
  language: string;
  categories: CapCategory[];
  event: string;
  responseTypes: CapResponseType[];
  urgency: CapUrgency;
  severity: CapSeverity;
  certainty: CapCertainty;
  audience?: string;
  eventCodes: CapValuePair[];
  effective?: string;
  onset?: string;
  expires?: string;
  senderName?: string;
  headline?: string;
  description?: string;
  instruction?: string;
  web?: string;
  contact?: string;
  parameters: CapValuePair[];
  areas: CapArea[];
}

/** A CAP message as Beacon models it. */
export interface CapMessage {
  identifier: string;
  sender: string;
  sent: string;
  status: CapStatus;
  msgType: CapMsgType;
  source?: string;
  scope: CapScope;
  codes: string[];
  note?: string;
  /** The raw `references` value: whitespace-separated "sender,identifier,sent" triples. */
  references?: string;
  infos: CapInfo[];
}

/** Something the import could not keep or act on, with where it was in the document. */
export interface CapImportNote {
  path: string;
  reason: string;
}

export interface CapImportNotes {
  dropped: CapImportNote[];
  warnings: CapImportNote[];
}

/** One entry of CAP `references`. */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: string;
}

export function parseReferences(references: string | undefined | null): CapReference[] {
  if (!references) return [];
  return references
    .trim()
    .split(/\s+/)
    .map((triple) => triple.split(','))
    .filter((parts) => parts.length === 3)
    .map(([sender, identifier, sent]) => ({ sender: sender!, identifier: identifier!, sent: sent! }));
}
