import type { RunProgress } from '../dispatch/dispatch.types.js';
import type { AlertEntity } from './alert.entity.js';
import { capHeaderOf } from './cap/alert-to-cap.js';
import type { CapImportNote, CapInfo } from './cap/cap.types.js';

export interface AlertView {
  id: string;
  state: string;
  headline: string;
  event: string;
  severity: string;
  urgency: string;
  certainty: string;
  status: string;
  area: unknown;
  texts: Record<string, string>;
  createdBy: string;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  progress: RunProgress;
  createdAt: string;
  updatedAt: string;
  /** CAP 1.2 message type and scope; when the alert stops being current (null: never). */
  msgType: string;
  scope: string;
  expiresAt: string | null;
  cap: CapView;
}

/** The CAP side of an alert. `sender` null: this Beacon's BEACON_CAP_SENDER; `infos` null: derived from texts. */
export interface CapView {
  identifier: string;
  sender: string | null;
  sent: string;
  references: string | null;
  source: string | null;
  note: string | null;
  codes: string[];
  infos: CapInfo[] | null;
  dropped: CapImportNote[];
  warnings: CapImportNote[];
}

export const NO_PROGRESS: RunProgress = { targeted: 0, queued: 0, sent: 0, delivered: 0, read: 0, failed: 0 };

export function toAlertView(alert: AlertEntity, progress: RunProgress = NO_PROGRESS): AlertView {
  return {
    id: alert.id,
    state: alert.state,
    headline: alert.headline,
    event: alert.event,
    severity: alert.severity,
    urgency: alert.urgency,
    certainty: alert.certainty,
    status: alert.status,
    area: alert.area,
    texts: alert.texts,
    createdBy: alert.createdBy,
    submittedAt: alert.submittedAt?.toISOString() ?? null,
    decidedBy: alert.decidedBy,
    decidedAt: alert.decidedAt?.toISOString() ?? null,
    decisionReason: alert.decisionReason,
    progress,
    createdAt: alert.createdAt.toISOString(),
    updatedAt: alert.updatedAt.toISOString(),
    msgType: alert.msgType,
    scope: alert.scope,
    expiresAt: alert.expiresAt?.toISOString() ?? null,
    cap: toCapView(alert),
  };
}

function toCapView(alert: AlertEntity): CapView {
  const { identifier, sent } = capHeaderOf(alert, '');
  return {
    identifier,
    sender: alert.capSender,
    sent,
    references: alert.capReferences,
    source: alert.capSource,
    note: alert.capNote,
    codes: alert.capCodes ?? [],
    infos: alert.capInfos,
    dropped: alert.capImportNotes?.dropped ?? [],
    warnings: alert.capImportNotes?.warnings ?? [],
  };
}
