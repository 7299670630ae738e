import { randomBytes } from 'node:crypto';
import { countSegments } from '../sms/segments.js';
import type { TwilioErrorBody, TwilioMessageResource } from '../sms/twilio-api.js';
import { basicAuth } from '../sms/twilio-api.js';
import { FormCallbacks, type FormCallbackStats, type FormPoster } from './form-callbacks.js';
import { defaultProfile, mergeProfile, type SimulatorProfile } from './simulator-profile.js';
import { MessageRecord } from './message-record.js';

export interface SimulatedSms {
  sid: string;
  to: string;
  from: string;
  body: string;
  segments: number;
  statusCallback: string | null;
  receivedAt: Date;
}

export interface SmsSimulatorOptions {
  accountSid: string;
  authToken: string;
  /** Where simulated people's messages (replies) are posted, Twilio's incoming-message webhook. */
  inboundUrl: () => string;
  profile?: Partial<SimulatorProfile>;
  maxStoredMessages?: number;
  random?: () => number;
  clock?: () => number;
  post?: FormPoster;
  retryDelaysMs?: readonly number[];
  onWebhookGiveUp?: (reason: string) => void;
}

export interface SmsSendRequest {
  authorization: string | undefined;
  accountSid: string;
  form: unknown;
  signal?: AbortSignal;
}

export interface SmsReply {
  status: number;
  body: TwilioMessageResource | TwilioErrorBody;
}

const E164 = /^\+[1-9]\d{6,14}$/;

function refusal(status: number, code: number, message: string): SmsReply {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

/** An in-memory stand-in for the Twilio Messages API and its signed status callbacks. */
export class SmsSimulator {
  private current: SimulatorProfile;
  private readonly record: MessageRecord<SimulatedSms>;
  private readonly callbacks: FormCallbacks;
  private readonly random: () => number;
  private readonly clock: () => number;

  constructor(private readonly options: SmsSimulatorOptions) {
    this.record = new MessageRecord(options.maxStoredMessages);
    this.current = mergeProfile(defaultProfile({ deliverDelayMs: 0, readDelayMs: 0, readRate: 0 }), options.profile ?? {});
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? Date.now;
    this.callbacks = new FormCallbacks(options.authToken, options.post, options.retryDelaysMs, options.onWebhookGiveUp);
  }

  async handleSend(request: SmsSendRequest): Promise<SmsReply> {
    const { accountSid, authToken } = this.options;
    if (request.accountSid !== accountSid || request.authorization !== basicAuth(accountSid, authToken)) return refusal(401, 20003, 'Authenticate');
    if (this.current.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.current.latencyMs));
    const form = typeof request.form === 'object' && request.form !== null ? (request.form as Record<string, unknown>) : {};
    const { To, From, Body, StatusCallback } = form;
    if (typeof To !== 'string' || !E164.test(To)) return refusal(400, 21211, `The 'To' number ${String(To)} is not a valid phone number.`);
    if (typeof From !== 'string' || From === '') return refusal(400, 21606, "The 'From' phone number provided is not a valid message-capable phone number.");
    if (typeof Body !== 'string' || Body === '') return refusal(400, 21602, 'Message body is required.');
    if (Body.length > 1600) return refusal(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (StatusCallback !== undefined && (typeof StatusCallback !== 'string' || !/^https?:\/\//.test(StatusCallback))) return refusal(400, 21609, 'Invalid StatusCallback URL.');
    const fault = this.random();
    if (fault < this.current.rate429) return refusal(429, 20429, 'Too Many Requests');
    if (fault < this.current.rate429 + this.current.rate5xx) return refusal(500, 20500, 'Internal Server Error');
    const message = this.accept(To, From, Body, StatusCallback ?? null);
    return { status: 201, body: this.resource(message) };
  }

  /** A simulated person texts Beacon (Twilio's incoming-message webhook), signed like Twilio signs it. */
  async sendInbound(message: { from: string; to: string; body: string }): Promise<{ sid: string; accepted: boolean }> {
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const accepted = await this.callbacks.send(this.options.inboundUrl(), {
      MessageSid: sid,
      SmsSid: sid,
      AccountSid: this.options.accountSid,
      From: message.from,
      To: message.to,
      Body: message.body,
      NumMedia: '0',
      NumSegments: String(countSegments(message.body).segments),
      ApiVersion: '2010-04-01',
    });
    return { sid, accepted };
  }

  messages(): readonly SimulatedSms[] {
    return this.record.messages();
  }

  total(): number {
    return this.record.total();
  }

  reset(): number {
    return this.record.reset();
  }

  profile(): SimulatorProfile {
    return { ...this.current };
  }

  configure(changes: Partial<SimulatorProfile>): SimulatorProfile {
    this.current = mergeProfile(this.current, changes);
    return this.profile();
  }

  webhookStats(): FormCallbackStats {
    return { ...this.callbacks.stats };
  }

  drain(): Promise<void> {
    return this.callbacks.drain();
  }

  close(): void {
    this.callbacks.close();
  }

  private accept(to: string, from: string, body: string, statusCallback: string | null): SimulatedSms {
    const message: SimulatedSms = { sid: `SM${randomBytes(16).toString('hex')}`, to, from, body, segments: countSegments(body).segments, statusCallback, receivedAt: new Date(this.clock()) };
    this.record.add(message);
    this.scheduleCallbacks(message);
    return message;
  }

  private scheduleCallbacks(message: SimulatedSms): void {
    const { deliverDelayMs, permanentFailureRate, replyRate, helpRate, replyDelayMs } = this.current;
    const failed = this.random() < permanentFailureRate;
    if (message.statusCallback !== null) {
      const base = { AccountSid: this.options.accountSid, ApiVersion: '2010-04-01', From: message.from, To: message.to, MessageSid: message.sid, SmsSid: message.sid };
      const status = (name: string, extra: Record<string, string> = {}) => ({ ...base, MessageStatus: name, SmsStatus: name, ...extra });
      const final = failed ? status('undelivered', { ErrorCode: '30003' }) : status('delivered');
      for (const [params, delay] of [[status('sent'), 0], [final, deliverDelayMs]] as const) {
        this.callbacks.schedule(message.statusCallback, params, this.jitter(delay));
        if (this.current.duplicateRate > 0 && this.random() < this.current.duplicateRate) this.callbacks.schedule(message.statusCallback, params, this.jitter(delay + 1));
      }
    }
    if (!failed && this.random() < replyRate) {
      const text = this.random() < helpRate ? 'HELP' : 'SAFE';
      const timer = setTimeout(() => void this.sendInbound({ from: message.to, to: message.from, body: text }), this.jitter(deliverDelayMs + replyDelayMs));
      timer.unref();
    }
  }

  private resource(message: SimulatedSms): TwilioMessageResource {
    return {
      sid: message.sid,
      account_sid: this.options.accountSid,
      to: message.to,
      from: message.from,
      body: message.body,
      status: 'queued',
      num_segments: String(message.segments),
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: message.receivedAt.toUTCString(),
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${this.options.accountSid}/Messages/${message.sid}.json`,
    };
  }

  private jitter(delayMs: number): number {
    return this.current.jitterMs > 0 ? delayMs + Math.floor(this.random() * this.current.jitterMs) : delayMs;
  }
}
