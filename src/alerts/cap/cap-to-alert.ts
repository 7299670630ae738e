import type { AreaInput } from '../../areas/area.types.js';
import { AreaError } from '../../areas/areas.errors.js';
import { MAX_TEXT_LENGTH } from '../alert-texts.js';
import { CapError } from './cap.errors.js';
import { dispatchAreaOf } from './cap-geometry.js';
import {
  BEACON_MSG_TYPES, BEACON_SCOPES, BEACON_STATUSES, type BeaconMsgType, type BeaconStatus, type CapArea, type CapImportNotes, type CapInfo, type CapMessage,
  type CapValuePair,
} from './cap.types.js';
import { earliestOnset } from '../schedule/schedule-input.js';

/** The columns of a draft made from a CAP message. */
export interface ImportedAlert {
  headline: string;
  event: string;
  severity: string;
  urgency: string;
  certainty: string;
  status: BeaconStatus;
  /** Polygons and circles, plus the geocodes of geocode-only areas that the areas library knows (resolved at the freeze). */
  area: Required<AreaInput> & { geocodes?: CapValuePair[] };
  texts: Record<string, string>;
  msgType: BeaconMsgType;
  scope: 'Public';
  capIdentifier: string;
  capSender: string;
  capSent: string;
  capReferences: string | null;
  capSource: string | null;
  capNote: string | null;
  capCodes: string[];
  capInfos: CapInfo[];
  capImportNotes: CapImportNotes;
  expiresAt: Date | null;
  /** The earliest `onset` of the infos: approving before it schedules the alert. */
  onsetAt: Date | null;
}

/** Checks one area the way Beacon targets it; throws the areas module's error. */
export type AreaCheck = (area: AreaInput) => void;

/** Whether the areas library has an area with this geocode. */
export type GeocodeCheck = (geocode: CapValuePair) => boolean;

/** An area Beacon can target by its shapes: a polygon, or a circle that is more than a point. */
export function hasTargetableShape(area: CapArea): boolean {
  return area.polygons.length > 0 || area.circles.some((circle) => circle.radiusKm > 0);
}

/**
 * Maps a CAP message onto a Beacon draft: message text per language from headline, description and
 * instruction; the dispatch area from the union of every info's polygons and circles, and of the
 * geocodes of areas that have no shape, where the areas library knows them (unknown ones are listed
 * in `notes.dropped`). What else cannot be targeted (points, descriptions) is reported in `notes.warnings`.
 */
export function capToAlert(message: CapMessage, notes: CapImportNotes, checkArea: AreaCheck, isKnownGeocode: GeocodeCheck = () => false): ImportedAlert {
  const status = supported(message.status, BEACON_STATUSES, 'alert/status', 'Beacon sends Actual, Exercise and Test messages only');
  const msgType = supported(message.msgType, BEACON_MSG_TYPES, 'alert/msgType', 'Beacon imports Alert, Update and Cancel messages only');
  const scope = supported(message.scope, BEACON_SCOPES, 'alert/scope', 'Beacon sends to the public; Restricted and Private messages are not supported');
  const first = message.infos[0];
  if (!first) throw new CapError('cap.invalid', 'alert/info: a CAP message needs at least one info block to become an alert.', { path: 'alert/info' });
  const areas = message.infos.flatMap((info, i) => info.areas.map((area, k) => ({ area, path: `alert/info[${i + 1}]/area[${k + 1}]` })));
  const geocodes = new Map<string, CapValuePair>();
  for (const { area, path } of areas) {
    for (const code of checkGeometry(area, path, checkArea, notes, isKnownGeocode)) geocodes.set(JSON.stringify([code.valueName, code.value]), code);
  }
  const { area, pointCircles } = dispatchAreaOf(areas);
  for (const path of pointCircles) notes.warnings.push({ path, reason: 'a circle of radius 0 is a point and reaches nobody; it is kept in the CAP form but not used for targeting' });
  if (area.polygons.length === 0 && area.circles.length === 0 && geocodes.size === 0) {
    notes.warnings.push({ path: 'alert', reason: 'no polygon, circle or known geocode Beacon can target: the draft has an empty dispatch area and cannot be approved (alert.no_geometry)' });
  }
  const expiries = message.infos.map((info) => info.expires);
  return {
    headline: first.headline ?? first.event,
    event: first.event,
    severity: first.severity,
    urgency: first.urgency,
    certainty: first.certainty,
    status,
    area: geocodes.size > 0 ? { ...area, geocodes: [...geocodes.values()] } : area,
    texts: textsOf(message.infos, notes),
    msgType,
    scope,
    capIdentifier: message.identifier,
    capSender: message.sender,
    capSent: message.sent,
    capReferences: message.references ?? null,
    capSource: message.source ?? null,
    capNote: message.note ?? null,
    capCodes: message.codes,
    capInfos: message.infos,
    capImportNotes: notes,
    expiresAt: expiries.every((expires) => expires !== undefined) ? new Date(Math.max(...expiries.map((expires) => Date.parse(expires ?? '')))) : null,
    onsetAt: earliestOnset(message.infos.map((info) => info.onset)),
  };
}

function supported<T extends string>(value: string, allowed: readonly T[], path: string, why: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new CapError('cap.unsupported', `${path}: "${value}" is not supported; ${why}.`, { path });
  return value as T;
}

/** Checks an area's shapes; returns the geocodes to target (those of a shapeless area the library knows). */
function checkGeometry(area: CapArea, path: string, checkArea: AreaCheck, notes: CapImportNotes, isKnownGeocode: GeocodeCheck): CapValuePair[] {
  const check = (input: AreaInput, where: string) => {
    try {
      checkArea(input);
    } catch (error) {
      if (!(error instanceof AreaError)) throw error;
      throw new CapError('cap.invalid', `${where}: ${error.message}`, { path: where, areaCode: error.code });
    }
  };
  area.polygons.forEach((polygon, p) => check({ polygons: [polygon] }, `${path}/polygon[${p + 1}]`));
  area.circles.forEach((circle, c) => {
    if (circle.radiusKm > 0) check({ circles: [circle] }, `${path}/circle[${c + 1}]`);
  });
  // With a shape, the shape is the area (NWS polygons are much tighter than the counties their geocodes name).
  if (hasTargetableShape(area)) return [];
  if (area.geocodes.length === 0) {
    if (area.circles.length === 0) notes.warnings.push({ path, reason: `"${area.areaDesc}" has no polygon, circle or geocode; only its description is kept` });
    return [];
  }
  return area.geocodes.filter((code, g) => {
    if (isKnownGeocode(code)) return true;
    notes.dropped.push({
      path: `${path}/geocode[${g + 1}]`,
      reason: `geocode ${code.valueName} ${code.value} names no area in the areas library, so it is not targeted (it stays in the CAP form); import the area (POST /api/v1/areas/import) to target it`,
    });
    return false;
  });
}

/**
 * Dispatch text per language: headline, description and instruction, cut at MAX_TEXT_LENGTH. Keyed by
 * the base language (en-US -> en) so subscribers who chose "en" match, unless two infos share it.
 */
export function textsOf(infos: readonly CapInfo[], notes: CapImportNotes): Record<string, string> {
  const bases = infos.map((info) => info.language.split('-')[0]!.toLowerCase());
  const texts: Record<string, string> = {};
  infos.forEach((info, i) => {
    const base = bases[i]!;
    const [primary, ...rest] = info.language.split('-');
    const key = bases.filter((other) => other === base).length === 1 ? base : [primary!.toLowerCase(), ...rest].join('-');
    const path = `alert/info[${i + 1}]`;
    if (texts[key] !== undefined) {
      notes.warnings.push({ path, reason: `a second info block in ${info.language}: its text is kept in the CAP form, the first one is sent` });
      return;
    }
    const text = [info.headline, info.description, info.instruction].filter((part) => part !== undefined).join('\n\n') || info.event;
    if (text.length > MAX_TEXT_LENGTH) {
      notes.warnings.push({ path, reason: `the message text (headline, description, instruction) has ${text.length} characters; the first ${MAX_TEXT_LENGTH} are sent` });
      texts[key] = `${text.slice(0, MAX_TEXT_LENGTH - 1).replace(/[\uD800-\uDBFF]$/, '')}…`;
    } else {
      texts[key] = text;
    }
  });
  return texts;
}
