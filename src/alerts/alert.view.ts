import type { RunProgress } from '../dispatch/dispatch.types.js';
import type { AlertEntity } from './alert.entity.js';
import { capHeaderOf } from './cap/alert-to-cap.js';
import type { CapImportNote, CapInfo } from './cap/cap.types.js';
import type { AlertRenderings } from './template/alert-template.js';

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
  /** Who inside the area may receive (null: everyone); Exercise and Test alerts reach test recipients only. */
  filters: AudienceFiltersView | null;
  createdBy: string;
  submittedAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  progress: RunProgress;
  /** SHA-256 of exactly what would go out now; an approver approves it (null where not computed). */
  contentHash: string | null;
  approvals: ApprovalEntryView[];
  /** 1 or 2, from the audience counted at the first approval; null before any approval. */
  approvalsRequired: number | null;
  createdAt: string;
  updatedAt: string;
  /** CAP 1.2 message type and scope; when the alert stops being current (null: never). */
  msgType: string;
  scope: string;
  expiresAt: string | null;
  cap: CapView;
  /** When the dispatch may start (an approval before it schedules the alert); null: at approval. */
  onset: string | null;
  /** The template version the content was rendered from, with the variables given; null: written by hand. */
  template: { id: string; version: number; variables: Record<string, unknown> } | null;
  /** Per language, what each channel will send (WhatsApp template parameters, SMS, email, CAP, WEA), as rendered. */
  renderings: AlertRenderings | null;
  /** The earlier alert an Update or Cancel follows. */
  referencesAlertId: string | null;
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

export interface AudienceFiltersView {
  channels?: readonly string[];
  languages?: readonly string[];
  tags?: readonly string[];
}

export interface ApprovalEntryView {
  approverId: string;
  approvedAt: string;
  contentHash: string;
}

/** The approval side of the view, from the approval rules (src/alerts/approval). */
export interface ApprovalViewInput {
  contentHash: string | null;
  approvals: readonly { approverId: string; approvedAt: Date; contentHash: string }[];
  approvalsRequired: number | null;
}

const NOT_COMPUTED: ApprovalViewInput = { contentHash: null, approvals: [], approvalsRequired: null };

export const NO_PROGRESS: RunProgress = { targeted: 0, queued: 0, sent: 0, delivered: 0, read: 0, failed: 0, fallbacks: 0 };

export function toAlertView(alert: AlertEntity, progress: RunProgress = NO_PROGRESS, approval: ApprovalViewInput = NOT_COMPUTED): AlertView {
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
    filters: alert.audienceFilters ?? null,
    createdBy: alert.createdBy,
    submittedAt: alert.submittedAt?.toISOString() ?? null,
    decidedBy: alert.decidedBy,
    decidedAt: alert.decidedAt?.toISOString() ?? null,
    decisionReason: alert.decisionReason,
    progress,
    contentHash: approval.contentHash,
    approvals: approval.approvals.map((entry) => ({ approverId: entry.approverId, approvedAt: entry.approvedAt.toISOString(), contentHash: entry.contentHash })),
    approvalsRequired: approval.approvalsRequired,
    createdAt: alert.createdAt.toISOString(),
    updatedAt: alert.updatedAt.toISOString(),
    msgType: alert.msgType,
    scope: alert.scope,
    expiresAt: alert.expiresAt?.toISOString() ?? null,
    cap: toCapView(alert),
    onset: alert.onsetAt?.toISOString() ?? null,
    template: alert.templateId !== null && alert.templateVersion !== null ? { id: alert.templateId, version: alert.templateVersion, variables: alert.templateVariables ?? {} } : null,
    renderings: alert.renderings,
    referencesAlertId: alert.referencesAlertId,
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
