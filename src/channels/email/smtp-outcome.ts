import type { SendOutcome } from '../channel.js';

/** The fields of a nodemailer error Beacon reads. */
export interface SmtpErrorLike {
  message?: string;
  code?: string;
  /** The SMTP command in flight: `MAIL FROM`, `RCPT TO`, `DATA`, `AUTH PLAIN`, `CONN`, `API`. */
  command?: string;
  response?: string;
  responseCode?: number;
  /** For ETIMEDOUT: which wait ran out. */
  timeoutType?: string;
  /** The system error code under nodemailer's own, e.g. ECONNREFUSED under ESOCKET. */
  originalCode?: string;
}

/** Failures that happen before a session could carry a message: nothing was sent. */
const BEFORE_SESSION = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);
const SETUP_TIMEOUTS = new Set(['CONNECT_TIMEOUT', 'GREETING_TIMEOUT', 'UPGRADE_TIMEOUT']);

/**
 * What an SMTP failure means for a delivery. Pure.
 *
 * - An SMTP reply: 4xx is transient (retry; 421, the server closing on us, also slows the sender),
 *   5xx is permanent with its code (`smtp_550`), except 503 (bad command sequence: the session, not
 *   the message) which is retried. An authentication failure is Beacon's configuration, not the
 *   recipient's: retried and the sender slowed, whatever its code.
 * - No reply: a connection that failed before the session began (refused, DNS, TLS, connect or
 *   greeting timeout) is retried; one lost or stalled during the session (socket timeout, reset,
 *   closed) is `unknown`, because the message may have been accepted after DATA.
 */
export function interpretSmtpError(error: unknown): SendOutcome {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SmtpErrorLike;
  const message = (e.response ?? e.message ?? 'SMTP error').slice(0, 500);
  if (e.command?.startsWith('AUTH') || e.code === 'EAUTH' || e.code === 'ENOAUTH') {
    return { kind: 'retryable', code: 'smtp_auth', message, rateLimited: true };
  }
  if (typeof e.responseCode === 'number' && e.responseCode >= 400 && e.responseCode < 600) {
    const code = `smtp_${e.responseCode}`;
    if (e.responseCode >= 500 && e.responseCode !== 503) return { kind: 'permanent', code, message };
    return { kind: 'retryable', code, message, rateLimited: e.responseCode === 421 };
  }
  switch (e.code ?? '') {
    case 'ETIMEDOUT':
      return e.timeoutType !== undefined && SETUP_TIMEOUTS.has(e.timeoutType)
        ? { kind: 'retryable', code: 'smtp_timeout', message, rateLimited: false }
        : { kind: 'unknown', code: 'smtp_timeout', message };
    case 'EDNS':
    case 'ETLS':
    case 'EPROXY':
      return { kind: 'retryable', code: 'smtp_network', message, rateLimited: false };
    case 'ESOCKET':
      return e.originalCode !== undefined && BEFORE_SESSION.has(e.originalCode)
        ? { kind: 'retryable', code: 'smtp_network', message, rateLimited: false }
        : { kind: 'unknown', code: 'smtp_connection_lost', message };
    case 'ECONNECTION':
      return { kind: 'unknown', code: 'smtp_connection_lost', message };
    case 'EENVELOPE':
      return { kind: 'permanent', code: 'smtp_invalid_address', message };
    case 'EMESSAGE':
      return { kind: 'permanent', code: 'smtp_message_rejected', message };
    default:
      return { kind: 'retryable', code: 'smtp_error', message, rateLimited: false };
  }
}
