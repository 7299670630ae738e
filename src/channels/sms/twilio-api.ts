import type { SendOutcome } from '../channel.js';

/**
 * The Twilio Messages API shapes Beacon speaks (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * form-encoded, basic auth AccountSid:AuthToken), shared by the adapter and the simulator.
 */
export interface TwilioSendForm {
  To: string;
  From: string;
  Body: string;
  StatusCallback?: string;
}

export interface TwilioMessageResource {
  sid: string;
  account_sid: string;
  to: string;
  from: string;
  body: string;
  status: 'accepted' | 'queued' | 'sending' | 'sent' | 'failed' | 'delivered' | 'undelivered';
  num_segments: string;
  direction: 'outbound-api';
  api_version: '2010-04-01';
  date_created: string;
  error_code: number | null;
  error_message: string | null;
  uri: string;
}

export interface TwilioErrorBody {
  code: number;
  message: string;
  more_info: string;
  status: number;
}

export function messagesPath(accountSid: string): string {
  return `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
}

export function basicAuth(accountSid: string, authToken: string): string {
  return `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
}

type TwilioErrorClass = 'retryable' | 'rate_limited' | 'permanent';

/** Twilio error codes Beacon handles, one row each (https://www.twilio.com/docs/api/errors). */
export const TWILIO_ERROR_RULES: Readonly<Record<number, { class: TwilioErrorClass; title: string }>> = {
  20003: { class: 'permanent', title: 'Authentication failed' },
  20404: { class: 'permanent', title: 'Resource not found (wrong account)' },
  20429: { class: 'rate_limited', title: 'Too many requests' },
  21211: { class: 'permanent', title: "Invalid 'To' phone number" },
  21408: { class: 'permanent', title: 'Permission to send to this region not enabled' },
  21602: { class: 'permanent', title: 'Message body is required' },
  21606: { class: 'permanent', title: "The 'From' number is not a valid SMS-capable number" },
  21610: { class: 'permanent', title: 'Recipient has replied STOP (unsubscribed)' },
  21611: { class: 'rate_limited', title: 'Source number exceeded the queue of unsent messages' },
  21612: { class: 'permanent', title: "The 'To' number cannot be reached from the 'From' number" },
  21614: { class: 'permanent', title: "'To' number is not a valid mobile number" },
  21617: { class: 'permanent', title: 'Message body exceeds 1600 characters' },
  30001: { class: 'retryable', title: 'Queue overflow' },
  30002: { class: 'permanent', title: 'Account suspended' },
  30003: { class: 'permanent', title: 'Unreachable destination handset' },
  30004: { class: 'permanent', title: 'Message blocked' },
  30005: { class: 'permanent', title: 'Unknown destination handset' },
  30006: { class: 'permanent', title: 'Landline or unreachable carrier' },
  30007: { class: 'permanent', title: 'Carrier violation (filtered)' },
  30008: { class: 'retryable', title: 'Unknown error' },
  30022: { class: 'rate_limited', title: 'US A2P 10DLC rate limit exceeded' },
};

export function classifyTwilioError(httpStatus: number, code: number | undefined): TwilioErrorClass {
  const rule = code === undefined ? undefined : TWILIO_ERROR_RULES[code];
  if (rule) return rule.class;
  if (httpStatus === 429) return 'rate_limited';
  if (httpStatus === 408 || httpStatus >= 500) return 'retryable';
  return httpStatus >= 400 ? 'permanent' : 'retryable';
}

/** Turns Twilio's answer to a send into an outcome. Pure. */
export function interpretTwilioReply(status: number, body: unknown): SendOutcome {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  if (status >= 200 && status < 300) {
    return typeof record.sid === 'string' && record.sid !== ''
      ? { kind: 'accepted', providerMessageId: record.sid }
      : { kind: 'unknown', code: 'sms:bad_response', message: `HTTP ${status} without a message sid` };
  }
  const code = typeof record.code === 'number' ? record.code : undefined;
  const message = typeof record.message === 'string' ? record.message : `HTTP ${status}`;
  const label = `sms:${code ?? `http_${status}`}`;
  switch (classifyTwilioError(status, code)) {
    case 'permanent':
      return { kind: 'permanent', code: label, message };
    case 'retryable':
      return { kind: 'retryable', code: label, message, rateLimited: false };
    case 'rate_limited':
      return { kind: 'retryable', code: label, message, rateLimited: true };
  }
}
