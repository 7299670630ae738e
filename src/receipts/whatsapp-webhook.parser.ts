import type { ProviderStatus, StatusUpdate } from '../dispatch/delivery-status.js';

export interface ParsedWebhook {
  statuses: StatusUpdate[];
  /** Inbound messages, other webhook fields, unknown or malformed statuses: counted, never an error. */
  ignored: number;
}

const STATUS_MAP: Readonly<Record<string, ProviderStatus>> = { sent: 'sent', delivered: 'delivered', read: 'read', played: 'read', failed: 'failed' };

/** A delivery id is a positive bigint; anything else in the callback data is someone else's. */
const DELIVERY_ID = /^[1-9]\d{0,18}$/;
const MAX_BIGINT = 9_223_372_036_854_775_807n;

/** Reads the status reports out of a (signature-checked) WhatsApp Cloud API webhook payload. Pure. */
export function parseWhatsAppWebhook(payload: unknown): ParsedWebhook {
  const result: ParsedWebhook = { statuses: [], ignored: 0 };
  if (!isRecord(payload) || payload.object !== 'whatsapp_business_account' || !Array.isArray(payload.entry)) {
    return { statuses: [], ignored: 1 };
  }
  for (const entry of payload.entry as unknown[]) {
    const changes = isRecord(entry) && Array.isArray(entry.changes) ? (entry.changes as unknown[]) : undefined;
    if (!changes) {
      result.ignored++;
      continue;
    }
    for (const change of changes) readChange(change, result);
  }
  return result;
}

function readChange(change: unknown, result: ParsedWebhook): void {
  if (!isRecord(change) || change.field !== 'messages' || !isRecord(change.value)) {
    result.ignored++;
    return;
  }
  const { statuses, messages, errors } = change.value;
  const inbound = (Array.isArray(messages) ? messages.length : 0) + (Array.isArray(errors) ? errors.length : 0);
  result.ignored += inbound;
  if (!Array.isArray(statuses)) {
    if (inbound === 0) result.ignored++;
    return;
  }
  for (const raw of statuses as unknown[]) {
    const update = readStatus(raw);
    if (update) result.statuses.push(update);
    else result.ignored++;
  }
}

function readStatus(raw: unknown): StatusUpdate | undefined {
  if (!isRecord(raw)) return undefined;
  const status = typeof raw.status === 'string' ? STATUS_MAP[raw.status] : undefined;
  const at = unixTime(raw.timestamp);
  if (status === undefined || typeof raw.id !== 'string' || raw.id === '' || at === undefined) return undefined;
  const update: StatusUpdate = { deliveryId: deliveryId(raw.biz_opaque_callback_data), providerMessageId: raw.id, status, at };
  return status === 'failed' ? { ...update, ...failure(raw.errors) } : update;
}

function failure(errors: unknown): { errorCode: string; errorMessage: string } {
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined;
  if (!isRecord(first)) return { errorCode: 'whatsapp:unknown', errorMessage: 'Failed without an error description' };
  const code = typeof first.code === 'number' || typeof first.code === 'string' ? String(first.code) : 'unknown';
  const details = isRecord(first.error_data) ? first.error_data.details : undefined;
  const parts = [first.title, first.message, details].filter((part): part is string => typeof part === 'string' && part !== '');
  return { errorCode: `whatsapp:${code}`, errorMessage: [...new Set(parts)].join(': ') || 'Failed' };
}

function deliveryId(callbackData: unknown): string | null {
  if (typeof callbackData !== 'string' || !DELIVERY_ID.test(callbackData)) return null;
  return BigInt(callbackData) <= MAX_BIGINT ? callbackData : null;
}

/** Unix seconds as a string (the Cloud API's form) or a number. */
function unixTime(value: unknown): Date | undefined {
  const seconds = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
  return seconds === undefined ? undefined : new Date(seconds * 1000);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
