import { DELIVERY_CONFIRMING_CHANNELS } from '../dispatch/fallback-policy.js';
import { CHANNELS } from '../subscribers/subscriber.rules.js';

/** Typed configuration read from the environment. Pure: no Nest, no I/O. */
export interface SenderIdentity {
  /** WhatsApp phone number id used in the request path. */
  phoneNumberId: string;
}

export interface BeaconConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  bootstrapAdminKey: string | undefined;
  bodyLimitBytes: number;
  /** Origins allowed by CORS; empty = CORS off (the console is served by the same process). */
  corsOrigins: string[];
  /** Public routes (feeds, health, failed webhook signatures): a token bucket per client address. */
  publicRateLimit: { perMinute: number; burst: number };
  /** How far (metres) an area-restricted operator's alert may reach past its allowed areas, where two sources draw a border differently. */
  areaToleranceMetres: number;
  /** The role the application's connections run as (no UPDATE/DELETE on audit_event); undefined = the connecting user. */
  databaseAppRole: string | undefined;
  /** CAP 1.2: the `sender` of alerts Beacon originates, and the public base URL of feed links (unset: from the request). */
  cap: { sender: string; publicUrl: string | undefined };
  logLevel: LogLevel;
  whatsapp: {
    apiBaseUrl: string | undefined;
    graphVersion: string;
    accessToken: string;
    appSecret: string;
    verifyToken: string;
    senders: SenderIdentity[];
    templateName: string;
    requestTimeoutMs: number;
  };
  dispatch: {
    workersEnabled: boolean;
    ratePerSecond: number;
    burst: number;
    concurrency: number;
    claimBatchSize: number;
    leaseSeconds: number;
    maxAttempts: number;
    idlePollMs: number;
    unknownResendMs: number;
    /** A delivery sent but not confirmed delivered this long falls back to the next channel; 0: only permanent failures fall back. */
    fallbackAfterSeconds: number;
    /** Channels whose provider confirms delivery: only a send there waits for a confirmation before falling back. */
    fallbackConfirmingChannels: string[];
  };
  audience: {
    /** People frozen in the approval transaction; a larger audience is frozen in two steps (the rest right after). */
    firstSlice: number;
  };
  receipts: {
    /** Status batches written in parallel, each lane owning its own rows. */
    writeLanes: number;
    batchSize: number;
  };
  sms: {
    /** Off when neither the simulator nor a provider URL is there to send to. */
    enabled: boolean;
    apiBaseUrl: string | undefined;
    accountSid: string;
    authToken: string;
    senders: string[];
    /** Public base URL the provider reaches Beacon at (status callbacks; signatures cover it). */
    callbackBaseUrl: string | undefined;
    maxSegments: number;
    requestTimeoutMs: number;
  };
  /** Email over SMTP: on when BEACON_SMTP_URL is set. */
  email: {
    smtpUrl: string | undefined;
    /** From addresses: the email channel's sender identities. */
    from: string[];
    maxConnections: number;
    timeoutMs: number;
  };
  /** Partner webhooks (always on; partners are added through the API). */
  webhook: { timeoutMs: number };
  /** The approval rules (docs/SECURITY.md). */
  approvals: {
    /** An alert whose audience is larger than this needs two approvals, by two people other than its author. */
    twoApprovalsAbove: number;
    /** Exercise and Test alerts reach only subscribers with this tag. */
    testRecipientTag: string;
  };
  simulator: {
    enabled: boolean;
    webhookUrl: string | undefined;
    deliverDelayMs: number;
    readDelayMs: number;
    readRate: number;
  };
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

type Env = Record<string, string | undefined>;

class EnvReader {
  constructor(private readonly env: Env) {}

  string(name: string, fallback: string): string {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? fallback : raw;
  }

  optional(name: string): string | undefined {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? undefined : raw;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    return this.number(name, fallback, min, max, true);
  }

  number(name: string, fallback: number, min: number, max: number, integer = false): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || (integer && !Number.isInteger(value))) {
      throw new ConfigError(name, `must be ${integer ? 'an integer' : 'a number'}, got "${raw}"`);
    }
    if (value < min || value > max) {
      throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
    }
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    throw new ConfigError(name, `must be true or false, got "${raw}"`);
  }

  url(name: string): string | undefined {
    const raw = this.optional(name);
    if (raw === undefined) return undefined;
    try {
      const parsed = new URL(raw);
      if (!['http:', 'https:', 'postgres:', 'postgresql:'].includes(parsed.protocol)) {
        throw new ConfigError(name, `has an unsupported scheme "${parsed.protocol}"`);
      }
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(name, `must be a URL, got "${raw}"`);
    }
    return raw.replace(/\/+$/, '');
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name, fallback);
    if (!(allowed as readonly string[]).includes(raw)) {
      throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
    }
    return raw as T;
  }

  list(name: string, fallback: string[]): string[] {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const items = raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
    if (items.length === 0) throw new ConfigError(name, 'must list at least one value');
    return items;
  }
}

export function loadConfig(env: Env): BeaconConfig {
  const read = new EnvReader(env);
  const simulatorEnabled = read.bool('BEACON_SIMULATOR', true);
  const senders = read.list('WHATSAPP_PHONE_NUMBER_IDS', ['100000000000001']).map((id) => {
    if (!/^\d{1,20}$/.test(id)) throw new ConfigError('WHATSAPP_PHONE_NUMBER_IDS', `has a non-numeric id "${id}"`);
    return { phoneNumberId: id };
  });
  const apiBaseUrl = read.url('WHATSAPP_API_BASE_URL');
  if (!simulatorEnabled && apiBaseUrl === undefined) {
    throw new ConfigError('WHATSAPP_API_BASE_URL', 'is required when BEACON_SIMULATOR is off');
  }
  return {
    port: read.int('PORT', 3000, 0, 65535),
    host: read.string('HOST', '0.0.0.0'),
    dataDir: read.string('BEACON_DATA_DIR', './.beacon'),
    databaseUrl: read.url('DATABASE_URL'),
    bootstrapAdminKey: bootstrapKey(read.optional('BEACON_BOOTSTRAP_ADMIN_KEY')),
    bodyLimitBytes: read.int('BEACON_BODY_LIMIT_BYTES', 1_048_576, 1024, 104_857_600),
    corsOrigins: read.list('BEACON_CORS_ORIGINS', []).map((origin) => {
      if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new ConfigError('BEACON_CORS_ORIGINS', `has "${origin}", not an origin like https://console.example.org`);
      return origin;
    }),
    publicRateLimit: { perMinute: read.int('BEACON_PUBLIC_RATE_PER_MIN', 600, 1, 1_000_000), burst: read.int('BEACON_PUBLIC_BURST', 120, 1, 100_000) },
    areaToleranceMetres: read.number('BEACON_AREA_TOLERANCE_M', 1000, 0, 10_000),
    databaseAppRole: databaseAppRole(read.optional('BEACON_DB_APP_ROLE'), read.url('DATABASE_URL') === undefined),
    cap: { sender: capSender(read.string('BEACON_CAP_SENDER', 'beacon@example.org')), publicUrl: read.url('BEACON_PUBLIC_URL') },
    logLevel: read.oneOf('BEACON_LOG_LEVEL', LOG_LEVELS, 'info'),
    whatsapp: {
      apiBaseUrl,
      graphVersion: graphVersion(read.string('WHATSAPP_GRAPH_VERSION', 'v21.0')),
      accessToken: read.string('WHATSAPP_ACCESS_TOKEN', 'simulator-token'),
      appSecret: read.string('WHATSAPP_APP_SECRET', 'simulator-app-secret'),
      verifyToken: read.string('WHATSAPP_VERIFY_TOKEN', 'simulator-verify-token'),
      senders,
      templateName: read.string('WHATSAPP_ALERT_TEMPLATE', 'beacon_alert'),
      requestTimeoutMs: read.int('WHATSAPP_TIMEOUT_MS', 10_000, 100, 120_000),
    },
    dispatch: {
      workersEnabled: read.bool('BEACON_WORKERS', true),
      ratePerSecond: read.number('BEACON_SEND_RATE', 80, 0.1, 100_000),
      burst: read.int('BEACON_SEND_BURST', 80, 1, 100_000),
      concurrency: read.int('BEACON_SEND_CONCURRENCY', 32, 1, 10_000),
      claimBatchSize: read.int('BEACON_CLAIM_BATCH', 200, 1, 10_000),
      leaseSeconds: read.int('BEACON_LEASE_SECONDS', 30, 1, 3600),
      maxAttempts: read.int('BEACON_MAX_ATTEMPTS', 8, 1, 100),
      idlePollMs: read.int('BEACON_IDLE_POLL_MS', 250, 10, 60_000),
      unknownResendMs: read.int('BEACON_UNKNOWN_RESEND_MS', 120_000, 1000, 86_400_000),
      fallbackAfterSeconds: read.number('BEACON_FALLBACK_AFTER_SECONDS', 300, 0, 86_400),
      fallbackConfirmingChannels: confirmingChannels(read.list('BEACON_FALLBACK_CONFIRMING_CHANNELS', [...DELIVERY_CONFIRMING_CHANNELS])),
    },
    audience: { firstSlice: read.int('BEACON_FREEZE_FIRST_SLICE', 5000, 1, 100_000_000) },
    receipts: {
      writeLanes: read.int('BEACON_RECEIPT_LANES', 2, 1, 16),
      batchSize: read.int('BEACON_RECEIPT_BATCH', 500, 1, 10_000),
    },
    sms: smsConfig(read, simulatorEnabled),
    email: emailConfig(read),
    webhook: { timeoutMs: read.int('BEACON_WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000) },
    approvals: {
      twoApprovalsAbove: read.int('BEACON_TWO_APPROVALS_ABOVE', 100_000, 0, 1_000_000_000),
      testRecipientTag: testRecipientTag(read.string('BEACON_TEST_RECIPIENT_TAG', 'test-recipient')),
    },
    simulator: {
      enabled: simulatorEnabled,
      webhookUrl: read.url('SIMULATOR_WEBHOOK_URL'),
      deliverDelayMs: read.int('SIMULATOR_DELIVER_DELAY_MS', 50, 0, 600_000),
      readDelayMs: read.int('SIMULATOR_READ_DELAY_MS', 200, 0, 600_000),
      readRate: read.number('SIMULATOR_READ_RATE', 1, 0, 1),
    },
  };
}

function smsConfig(read: EnvReader, simulatorEnabled: boolean): BeaconConfig['sms'] {
  const apiBaseUrl = read.url('SMS_API_BASE_URL');
  const wanted = read.bool('SMS_ENABLED', true);
  if (wanted && !simulatorEnabled && apiBaseUrl === undefined && read.optional('SMS_ENABLED') !== undefined) {
    throw new ConfigError('SMS_API_BASE_URL', 'is required when SMS_ENABLED is on and BEACON_SIMULATOR is off');
  }
  const senders = read.list('SMS_FROM', ['+15005550006']);
  for (const sender of senders) {
    if (!/^(\+[1-9]\d{6,14}|[A-Za-z0-9 ]{1,11})$/.test(sender)) throw new ConfigError('SMS_FROM', `has a sender "${sender}" that is neither E.164 nor an alphanumeric id`);
  }
  return {
    enabled: wanted && (simulatorEnabled || apiBaseUrl !== undefined),
    apiBaseUrl,
    accountSid: read.string('SMS_ACCOUNT_SID', 'AC00000000000000000000000000000000'),
    authToken: read.string('SMS_AUTH_TOKEN', 'simulator-auth-token'),
    senders,
    callbackBaseUrl: read.url('SMS_CALLBACK_BASE_URL'),
    maxSegments: read.int('SMS_MAX_SEGMENTS', 4, 1, 10),
    requestTimeoutMs: read.int('SMS_TIMEOUT_MS', 10_000, 100, 120_000),
  };
}

function emailConfig(read: EnvReader): BeaconConfig['email'] {
  const smtpUrl = read.optional('BEACON_SMTP_URL');
  if (smtpUrl !== undefined) {
    let protocol: string | undefined;
    try {
      protocol = new URL(smtpUrl).protocol;
    } catch {
      throw new ConfigError('BEACON_SMTP_URL', 'must be a URL such as smtp://mail.example.org:587');
    }
    if (protocol !== 'smtp:' && protocol !== 'smtps:') throw new ConfigError('BEACON_SMTP_URL', `must start with smtp:// or smtps://, got "${protocol}"`);
  }
  const from = read.list('BEACON_EMAIL_FROM', ['alerts@beacon.example.org']);
  for (const address of from) {
    if (!/^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/.test(address)) throw new ConfigError('BEACON_EMAIL_FROM', `has "${address}", not an email address`);
  }
  return {
    smtpUrl,
    from,
    maxConnections: read.int('BEACON_SMTP_POOL_SIZE', 5, 1, 100),
    timeoutMs: read.int('BEACON_SMTP_TIMEOUT_MS', 30_000, 100, 600_000),
  };
}

/** A subscriber tag (lower-case letters, digits, - or _, at most 40), as subscribers are tagged. */
function testRecipientTag(tag: string): string {
  if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(tag)) throw new ConfigError('BEACON_TEST_RECIPIENT_TAG', `must be a subscriber tag (lower-case letters, digits, - or _, at most 40), got "${tag}"`);
  return tag;
}

/** Subscriber channels (the partners' webhook has no person to fall back for). */
function confirmingChannels(channels: string[]): string[] {
  const known: readonly string[] = CHANNELS.filter((channel) => channel !== 'webhook');
  const unknown = channels.find((channel) => !known.includes(channel));
  if (unknown !== undefined) throw new ConfigError('BEACON_FALLBACK_CONFIRMING_CHANNELS', `must list channels among ${known.join(', ')}, got "${unknown}"`);
  return channels;
}

/** The application role: `beacon_app` by default with the embedded server (Beacon owns the cluster), none otherwise; "none" turns it off. */
function databaseAppRole(role: string | undefined, embedded: boolean): string | undefined {
  if (role === undefined) return embedded ? 'beacon_app' : undefined;
  if (role === 'none') return undefined;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new ConfigError('BEACON_DB_APP_ROLE', `must be a lower-case SQL identifier (or "none"), got "${role}"`);
  return role;
}

function bootstrapKey(key: string | undefined): string | undefined {
  if (key !== undefined && key.length < 24) {
    throw new ConfigError('BEACON_BOOTSTRAP_ADMIN_KEY', 'must be at least 24 characters long');
  }
  return key;
}

/** CAP 1.2, 3.2.1: a sender is an identifier without spaces, commas or restricted characters. */
function capSender(sender: string): string {
  if (/[\s,<&]/.test(sender)) throw new ConfigError('BEACON_CAP_SENDER', `must not contain spaces, commas, "<" or "&", got "${sender}"`);
  return sender;
}

function graphVersion(version: string): string {
  if (!/^v\d+\.\d+$/.test(version)) {
    throw new ConfigError('WHATSAPP_GRAPH_VERSION', `must look like v21.0, got "${version}"`);
  }
  return version;
}
