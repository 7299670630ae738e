import type { Role } from '../auth/roles.js';
import type { DeliveryRecord } from '../dispatch/delivery-log.repository.js';

export interface DeliveryView {
  id: string;
  subscriberId: string;
  channel: string;
  recipient: string;
  language: string;
  status: string;
  attempts: number;
  senderId: string | null;
  providerMessageId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  /** Times the outcome of a send was unknown: a lease taken over after a crash, a timeout after sending. */
  leaseTakeovers: number;
  unknownOutcomes: number;
  queuedAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  failedAt: string | null;
}

/** Roles that see recipients in full; everyone else sees them masked. */
const UNMASKED: readonly Role[] = ['admin', 'auditor'];

export function seesRecipients(roles: readonly Role[]): boolean {
  return roles.some((role) => UNMASKED.includes(role));
}

/** `+447700900123` -> `+44*******23`: enough to tell numbers apart in a list, not to call them. */
export function maskRecipient(recipient: string): string {
  if (recipient.length <= 5) return '*'.repeat(recipient.length);
  const head = recipient.startsWith('+') ? 3 : 2;
  return recipient.slice(0, head) + '*'.repeat(recipient.length - head - 2) + recipient.slice(-2);
}

export function toDeliveryView(record: DeliveryRecord, unmasked: boolean): DeliveryView {
  return {
    id: record.id,
    subscriberId: record.subscriberId,
    channel: record.channel,
    recipient: unmasked ? record.recipient : maskRecipient(record.recipient),
    language: record.language,
    status: record.status,
    attempts: record.attempts,
    senderId: record.senderId,
    providerMessageId: record.providerMessageId,
    errorCode: record.errorCode,
    errorMessage: record.errorMessage,
    leaseTakeovers: record.leaseTakeovers,
    unknownOutcomes: record.unknownOutcomes,
    queuedAt: record.queuedAt.toISOString(),
    sentAt: record.sentAt?.toISOString() ?? null,
    deliveredAt: record.deliveredAt?.toISOString() ?? null,
    readAt: record.readAt?.toISOString() ?? null,
    failedAt: record.failedAt?.toISOString() ?? null,
  };
}

/** Keyset cursor: the last delivery id of a page, opaque to clients. */
export function encodeCursor(lastId: string): string {
  return Buffer.from(`d:${lastId}`).toString('base64url');
}

export function decodeCursor(cursor: string): string | undefined {
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^d:(\d{1,19})$/.exec(decoded);
  return match?.[1];
}
