import { describe, expect, it } from 'vitest';
import { classifyWhatsAppError, WHATSAPP_ERROR_RULES, type WhatsAppErrorClass, whatsAppErrorRule } from '../../src/channels/whatsapp/whatsapp-errors.js';

type Row = [httpStatus: number, code: number | undefined, expected: WhatsAppErrorClass, what: string];

// One row per rule of the table (several for ranges), then the HTTP fallbacks for codes it does not know.
const ROWS: Row[] = [
  [400, 4, 'rate_limited', 'app rate limit'],
  [400, 80007, 'rate_limited', 'WABA rate limit'],
  [400, 130429, 'rate_limited', 'throughput reached (sent as HTTP 400)'],
  [429, 130429, 'rate_limited', 'throughput reached (HTTP 429)'],
  [400, 131048, 'rate_limited', 'spam rate limit'],
  [400, 131056, 'rate_limited', 'pair rate limit'],
  [400, 1, 'retryable', 'API unknown'],
  [503, 2, 'retryable', 'API service down'],
  [500, 131000, 'retryable', 'something went wrong'],
  [500, 131016, 'retryable', 'service unavailable'],
  [500, 131057, 'retryable', 'maintenance mode'],
  [503, 133004, 'retryable', 'server temporarily unavailable'],
  [401, 0, 'permanent', 'AuthException'],
  [500, 3, 'permanent', 'capability or permissions'],
  [403, 10, 'permanent', 'permission denied'],
  [401, 190, 'permanent', 'access token expired'],
  [403, 200, 'permanent', 'API permission (range start)'],
  [403, 299, 'permanent', 'API permission (range end)'],
  [403, 368, 'permanent', 'blocked for policy violations'],
  [403, 130497, 'permanent', 'country restricted'],
  [403, 131031, 'permanent', 'account locked'],
  [400, 100, 'permanent', 'invalid parameter'],
  [400, 33, 'permanent', 'business phone number deleted'],
  [400, 130472, 'permanent', 'number in an experiment'],
  [403, 131005, 'permanent', 'access denied'],
  [400, 131008, 'permanent', 'required parameter missing'],
  [400, 131009, 'permanent', 'parameter value not valid'],
  [400, 131021, 'permanent', 'recipient cannot be sender'],
  [400, 131026, 'permanent', 'message undeliverable'],
  [400, 131037, 'permanent', 'display name approval needed'],
  [400, 131042, 'permanent', 'payment issue'],
  [400, 131045, 'permanent', 'incorrect certificate'],
  [400, 131047, 'permanent', 're-engagement message'],
  [400, 131049, 'permanent', 'Meta chose not to deliver'],
  [400, 131050, 'permanent', 'user stopped marketing'],
  [400, 131051, 'permanent', 'unsupported message type'],
  [400, 131052, 'permanent', 'media download error'],
  [400, 131053, 'permanent', 'media upload error'],
  [400, 132000, 'permanent', 'template parameter count mismatch'],
  [404, 132001, 'permanent', 'template does not exist'],
  [400, 132005, 'permanent', 'template text too long'],
  [400, 132007, 'permanent', 'template format policy'],
  [400, 132012, 'permanent', 'template parameter format'],
  [400, 132015, 'permanent', 'template paused'],
  [400, 132016, 'permanent', 'template disabled'],
  [400, 132068, 'permanent', 'flow blocked'],
  [400, 133000, 'permanent', 'incomplete deregistration'],
  [400, 133005, 'permanent', 'PIN mismatch'],
  [400, 133006, 'permanent', 'phone verification required'],
  [400, 133008, 'permanent', 'too many PIN guesses'],
  [400, 133009, 'permanent', 'PIN too fast'],
  [400, 133010, 'permanent', 'phone number not registered'],
  [400, 135000, 'permanent', 'generic user error'],
  // Codes the table does not know, or no Graph body at all: the HTTP status decides.
  [429, undefined, 'rate_limited', 'HTTP 429 without a code'],
  [500, undefined, 'retryable', 'HTTP 500 without a code'],
  [502, undefined, 'retryable', 'HTTP 502 without a code'],
  [503, 999_999, 'retryable', 'HTTP 503 with an unknown code'],
  [408, undefined, 'retryable', 'HTTP 408 request timeout'],
  [400, 999_999, 'permanent', 'HTTP 400 with an unknown code'],
  [404, undefined, 'permanent', 'HTTP 404 without a code'],
];

describe('classifyWhatsAppError', () => {
  it.each(ROWS)('HTTP %s, code %s => %s (%s)', (httpStatus, code, expected) => {
    expect(classifyWhatsAppError(httpStatus, code)).toBe(expected);
  });

  it('lets the Graph code win over the HTTP status', () => {
    expect(classifyWhatsAppError(500, 131026)).toBe('permanent');
    expect(classifyWhatsAppError(400, 131000)).toBe('retryable');
  });

  it('uses a subcode-specific rule when one exists, else the code rule', () => {
    expect(whatsAppErrorRule(100, 33)?.title).toMatch(/Phone number id does not exist/);
    expect(whatsAppErrorRule(100, 12345)?.title).toBe('Invalid parameter');
    expect(classifyWhatsAppError(400, 100, 33)).toBe('permanent');
  });

  it('marks only the pair rate limit as per recipient', () => {
    const perRecipient = WHATSAPP_ERROR_RULES.filter((rule) => rule.perRecipient).flatMap((rule) => ('from' in rule.codes ? [] : [...rule.codes]));
    expect(perRecipient).toEqual([131056]);
  });

  it('has a row above for every code the table names', () => {
    const tested = new Set(ROWS.map(([, code]) => code));
    const named = WHATSAPP_ERROR_RULES.flatMap((rule) => ('from' in rule.codes ? [rule.codes.from, rule.codes.to] : [...rule.codes]));
    expect(named.filter((code) => !tested.has(code))).toEqual([]);
  });
});
