import type { RunProgress } from '../dispatch/dispatch.types.js';
import type { AlertEntity } from './alert.entity.js';

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
  };
}
