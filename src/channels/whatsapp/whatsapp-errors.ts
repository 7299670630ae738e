/**
 * How Beacon treats each WhatsApp Cloud API (Graph API) error: the one table that decides whether a
 * failed send is tried again, slows the sender down, or is final.
 * Codes from Meta's Cloud API error reference; Meta advises keying on `code`, not the HTTP status
 * (throughput errors such as 130429 arrive as HTTP 400), so the status only decides unknown codes.
 */
export type WhatsAppErrorClass = 'retryable' | 'rate_limited' | 'permanent';

export interface WhatsAppErrorRule {
  codes: readonly number[] | { from: number; to: number };
  /** Matches only this Graph subcode (deprecated by Meta since v16, still sent by some endpoints). */
  subcode?: number;
  class: WhatsAppErrorClass;
  title: string;
  /** The limit is per (sender, recipient) pair: slowing the whole sender down does not help. */
  perRecipient?: true;
}

export const WHATSAPP_ERROR_RULES: readonly WhatsAppErrorRule[] = [
  // Throttling
  { codes: [4], class: 'rate_limited', title: 'API too many calls (app rate limit)' },
  { codes: [80007], class: 'rate_limited', title: 'WhatsApp Business Account rate limit' },
  { codes: [130429], class: 'rate_limited', title: 'Cloud API message throughput reached' },
  { codes: [131048], class: 'rate_limited', title: 'Spam rate limit hit' },
  { codes: [131056], class: 'rate_limited', title: '(Business, Consumer) pair rate limit hit', perRecipient: true },
  // Transient: downtime, overload, maintenance
  { codes: [1], class: 'retryable', title: 'API unknown (possibly a server error)' },
  { codes: [2], class: 'retryable', title: 'API service temporarily unavailable' },
  { codes: [131000], class: 'retryable', title: 'Something went wrong' },
  { codes: [131016], class: 'retryable', title: 'Service unavailable' },
  { codes: [131057], class: 'retryable', title: 'Business account in maintenance mode' },
  { codes: [133004], class: 'retryable', title: 'Server temporarily unavailable' },
  // Authorization and integrity: nothing changes by trying again
  { codes: [0], class: 'permanent', title: 'AuthException' },
  { codes: [3], class: 'permanent', title: 'API method: capability or permissions issue' },
  { codes: [10], class: 'permanent', title: 'Permission denied' },
  { codes: [190], class: 'permanent', title: 'Access token expired or invalid' },
  { codes: { from: 200, to: 299 }, class: 'permanent', title: 'API permission' },
  { codes: [368], class: 'permanent', title: 'Temporarily blocked for policy violations' },
  { codes: [130497], class: 'permanent', title: 'Business account restricted from messaging this country' },
  { codes: [131031], class: 'permanent', title: 'Business account locked' },
  // Request and recipient
  { codes: [100], subcode: 33, class: 'permanent', title: 'Phone number id does not exist or is not accessible' },
  { codes: [100], class: 'permanent', title: 'Invalid parameter' },
  { codes: [33], class: 'permanent', title: 'Business phone number deleted' },
  { codes: [130472], class: 'permanent', title: "User's number is part of an experiment" },
  { codes: [131005], class: 'permanent', title: 'Access denied' },
  { codes: [131008], class: 'permanent', title: 'Required parameter missing' },
  { codes: [131009], class: 'permanent', title: 'Parameter value not valid' },
  { codes: [131021], class: 'permanent', title: 'Recipient cannot be sender' },
  { codes: [131026], class: 'permanent', title: 'Message undeliverable' },
  { codes: [131037], class: 'permanent', title: 'Display name approval needed' },
  { codes: [131042], class: 'permanent', title: 'Business eligibility payment issue' },
  { codes: [131045], class: 'permanent', title: 'Incorrect certificate' },
  { codes: [131047], class: 'permanent', title: 'Re-engagement message (outside the 24 h window)' },
  // Meta says not to resend right away; the per-user cap spans a day, longer than an alert matters.
  { codes: [131049], class: 'permanent', title: 'Meta chose not to deliver (per-user marketing limit)' },
  { codes: [131050], class: 'permanent', title: 'User stopped marketing messages' },
  { codes: [131051], class: 'permanent', title: 'Unsupported message type' },
  { codes: [131052], class: 'permanent', title: 'Media download error' },
  { codes: [131053], class: 'permanent', title: 'Media upload error' },
  // Templates: 132000 parameter count mismatch .. 132016 template disabled
  { codes: { from: 132000, to: 132016 }, class: 'permanent', title: 'Template error' },
  { codes: [132068], class: 'permanent', title: 'Flow is blocked' },
  // Phone number registration
  { codes: [133000, 133005, 133006, 133008, 133009], class: 'permanent', title: 'Phone number registration error' },
  { codes: [133010], class: 'permanent', title: 'Phone number not registered' },
  { codes: [135000], class: 'permanent', title: 'Generic user error' },
];

/** The rule for a Graph error code (a subcode-specific rule wins), if the table knows it. */
export function whatsAppErrorRule(code: number, subcode?: number): WhatsAppErrorRule | undefined {
  const matching = WHATSAPP_ERROR_RULES.filter((rule) => covers(rule, code));
  return matching.find((rule) => rule.subcode !== undefined && rule.subcode === subcode) ?? matching.find((rule) => rule.subcode === undefined);
}

/** Classifies a failed send from its HTTP status and Graph error code (absent when the body had none). */
export function classifyWhatsAppError(httpStatus: number, code: number | undefined, subcode?: number): WhatsAppErrorClass {
  const rule = code === undefined ? undefined : whatsAppErrorRule(code, subcode);
  if (rule) return rule.class;
  if (httpStatus === 429) return 'rate_limited';
  if (httpStatus === 408 || httpStatus >= 500) return 'retryable';
  if (httpStatus >= 400) return 'permanent';
  return 'retryable';
}

function covers(rule: WhatsAppErrorRule, code: number): boolean {
  return 'from' in rule.codes ? code >= rule.codes.from && code <= rule.codes.to : rule.codes.includes(code);
}
