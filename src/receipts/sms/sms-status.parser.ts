import { TWILIO_ERROR_RULES } from '../../channels/sms/twilio-api.js';
import type { FormParams } from '../../channels/sms/twilio-signature.js';
import type { ProviderStatus, StatusUpdate } from '../../dispatch/delivery-status.js';

const STATUS_MAP: Readonly<Record<string, ProviderStatus>> = { sent: 'sent', delivered: 'delivered', read: 'read', undelivered: 'failed', failed: 'failed' };

const DELIVERY_ID = /^[1-9]\d{0,18}$/;
const MAX_BIGINT = 9_223_372_036_854_775_807n;
const MESSAGE_SID = /^(SM|MM)[0-9a-f]{32}$/i;

/**
 * One Twilio status callback (already signature-checked) as a status update, or undefined for the
 * statuses that say nothing about delivery (queued, accepting, sending, scheduled, ...). Twilio
 * sends no event time, so the time of receipt stands in. Pure.
 */
export function parseSmsStatus(params: FormParams, deliveryParam: unknown, receivedAt: Date): StatusUpdate | undefined {
  const status = STATUS_MAP[single(params.MessageStatus) ?? single(params.SmsStatus) ?? ''];
  const sid = single(params.MessageSid) ?? single(params.SmsSid);
  if (status === undefined || sid === undefined || !MESSAGE_SID.test(sid)) return undefined;
  const update: StatusUpdate = { deliveryId: deliveryId(deliveryParam), providerMessageId: sid, status, at: receivedAt };
  if (status !== 'failed') return update;
  const code = single(params.ErrorCode);
  const known = code !== undefined && /^\d+$/.test(code) ? TWILIO_ERROR_RULES[Number(code)] : undefined;
  return { ...update, errorCode: `sms:${code ?? 'unknown'}`, errorMessage: known?.title ?? single(params.ErrorMessage) ?? `Message ${single(params.MessageStatus) ?? 'failed'}` };
}

function single(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function deliveryId(value: unknown): string | null {
  if (typeof value !== 'string' || !DELIVERY_ID.test(value)) return null;
  return BigInt(value) <= MAX_BIGINT ? value : null;
}
