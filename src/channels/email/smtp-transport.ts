import nodemailer, { type SendMailOptions } from 'nodemailer';

/** What the email adapter needs of a mail transport; nodemailer's pooled SMTP transport in production. */
export interface MailTransport {
  sendMail(mail: SendMailOptions): Promise<{ messageId: string; response?: string }>;
  close(): void;
}

export interface SmtpSettings {
  /** `smtp://[user:pass@]host[:port]` (STARTTLS when offered) or `smtps://...` (TLS from the start). */
  url: string;
  /** Connections the pool keeps open to the server. */
  maxConnections: number;
  /** Connect, greeting and idle-socket timeout: a session stalled this long (e.g. after DATA) is given up. */
  timeoutMs: number;
}

/**
 * A pooled SMTP transport. `maxRequeues: 0`: nodemailer would otherwise send a message again by
 * itself when its connection closes mid-message, and the server may already have accepted it;
 * Beacon's dispatch engine decides instead (an `unknown` outcome, re-sent only after a wait).
 */
export function createSmtpTransport(settings: SmtpSettings): MailTransport {
  const url = new URL(settings.url);
  const secure = url.protocol === 'smtps:';
  return nodemailer.createTransport({
    pool: true,
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    auth: url.username === '' ? undefined : { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
    maxConnections: settings.maxConnections,
    maxRequeues: 0,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
}
