import type { ChainedEvent } from './audit-chain.js';

export interface AuditEventView {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** Everything needed to re-verify the chain offline travels with each event. */
export function toAuditEventView(event: ChainedEvent): AuditEventView {
  return {
    seq: event.seq,
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    data: event.data,
    prevHash: event.prevHash,
    hash: event.hash,
  };
}

export const CSV_COLUMNS = ['seq', 'at', 'actor', 'action', 'subjectType', 'subjectId', 'data', 'prevHash', 'hash'] as const;

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** RFC 4180 quoting, and a leading quote on formula-like cells so a spreadsheet shows them as text. */
function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsvRow(view: AuditEventView): string {
  return csvLine(CSV_COLUMNS.map((column) => (column === 'data' ? JSON.stringify(view.data) : String(view[column]))));
}
