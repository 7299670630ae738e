import { randomBytes } from 'node:crypto';
import type { GraphErrorResponse, GraphSendResponse } from '../whatsapp/graph-api.js';
import { WebhookSignature } from '../whatsapp/webhook-signature.js';
import { refusals } from './graph-errors.js';
import { inboundPayload, type SimulatedInbound } from './inbound-payload.js';
import { parseSendRequest, type SendRequest } from './send-request.js';
import { defaultProfile, mergeProfile, type SimulatorProfile } from './simulator-profile.js';
import { type OutboxStats, type PendingStatus, WebhookOutbox, type WebhookPoster } from './webhook-outbox.js';
import { MessageRecord } from './message-record.js';

/**
 * Unique message ids (`wamid.` and base64url, like Meta's) without a random draw per message: a random
 * prefix per simulator and a counter.
 */
class MessageIds {
  private readonly prefix = `wamid.${randomBytes(15).toString('base64url')}`;
  private counter = 0;

  next(): string {
    return `${this.prefix}${(this.counter++).toString(36).padStart(8, '0')}`;
  }
}

export interface SimulatedMessage {
  id: string;
  type: 'template' | 'text';
  phoneNumberId: string;
  to: string;
  templateName: string;
  language: string;
  text: string;
  callbackData: string | null;
  receivedAt: Date;
  /** The sender's pacing slot the request claims (Beacon's `X-Beacon-Slot-At`, epoch ms), if any. */
  slotAt: number | null;
}

export interface SimulatorOptions {
  accessToken: string;
  appSecret: string;
  webhookUrl: () => string;
  /** When given, other phone number ids are refused as Meta refuses an unknown object id. */
  phoneNumberIds?: readonly string[];
  /** When given, other template names are refused with 132001. */
  templateNames?: readonly string[];
  profile?: Partial<SimulatorProfile>;
  /** Older messages are forgotten past this many (the total still counts them); 0 keeps none. */
  maxStoredMessages?: number;
  /** False: no status webhooks at all (a load test's simulator only answers and counts). Default true. */
  statusWebhooks?: boolean;
  random?: () => number;
  clock?: () => number;
  post?: WebhookPoster;
  tickMs?: number;
  retryDelaysMs?: readonly number[];
  onWebhookGiveUp?: (reason: string) => void;
}

export interface SimulatorRequest {
  authorization: string | undefined;
  phoneNumberId: string;
  body: unknown;
  /** Aborted when the client goes away: a held answer is then dropped early. */
  signal?: AbortSignal;
  slotAt?: number;
}

export interface SimulatorReply {
  status: number;
  body: GraphSendResponse | GraphErrorResponse;
}

/** An in-memory stand-in for the WhatsApp Cloud API messages endpoint and its status webhooks. */
export class WhatsAppSimulator {
  private current: SimulatorProfile;
  private readonly record: MessageRecord<SimulatedMessage>;
  private readonly outbox: WebhookOutbox;
  private readonly holds = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  /** When each person last wrote to us: free-form text is allowed for 24 hours after. */
  private readonly lastInbound = new Map<string, number>();
  private readonly replies = new Map<NodeJS.Timeout, () => void>();
  private readonly replyPosts = new Set<Promise<unknown>>();
  private readonly random: () => number;
  private readonly clock: () => number;
  private readonly messageIds = new MessageIds();

  constructor(private readonly options: SimulatorOptions) {
    this.record = new MessageRecord(options.maxStoredMessages);
    this.current = mergeProfile(defaultProfile({ deliverDelayMs: 0, readDelayMs: 0, readRate: 1 }), options.profile ?? {});
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? Date.now;
    this.outbox = new WebhookOutbox({
      url: options.webhookUrl,
      signature: new WebhookSignature(options.appSecret),
      post: options.post,
      tickMs: options.tickMs,
      retryDelaysMs: options.retryDelaysMs,
      clock: this.clock,
      onGiveUp: options.onWebhookGiveUp,
    });
  }

  async handleSend(request: SimulatorRequest): Promise<SimulatorReply> {
    if (request.authorization !== `Bearer ${this.options.accessToken}`) return refusals.invalidToken();
    if (this.current.latencyMs > 0) await this.hold(this.current.latencyMs, request.signal);
    const { phoneNumberIds, templateNames } = this.options;
    if (phoneNumberIds && !phoneNumberIds.includes(request.phoneNumberId)) return refusals.unknownPhoneNumber(request.phoneNumberId);
    const parsed = parseSendRequest(request.body);
    if (!parsed.ok) return refusals.invalidParameter(parsed.details);
    const { type, templateName, language, to } = parsed.request;
    if (type === 'template' && templateNames && !templateNames.includes(templateName)) return refusals.unknownTemplate(templateName, language);
    if (type === 'text' && !this.insideWindow(to)) return refusals.outsideWindow();
    const fault = this.random();
    if (fault < this.current.rate429) return refusals.throughput();
    if (fault < this.current.rate429 + this.current.rate5xx) return refusals.serverError();
    const id = this.accept(request.phoneNumberId, parsed.request, request.slotAt);
    if (this.random() < this.current.timeoutRate) await this.hold(this.current.timeoutHoldMs, request.signal);
    return {
      status: 200,
      body: { messaging_product: 'whatsapp', contacts: [{ input: parsed.request.to, wa_id: parsed.request.to }], messages: [{ id, message_status: 'accepted' }] },
    };
  }

  messages(): readonly SimulatedMessage[] {
    return this.record.messages();
  }

  total(): number {
    return this.record.total();
  }

  /** Forgets every received message; webhooks already scheduled still go out. */
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

  webhookStats(): OutboxStats {
    return { ...this.outbox.stats };
  }

  /**
   * Makes a person send a message: posts the signed inbound webhook to Beacon now and opens the
   * 24-hour window for free-form answers. Resolves with the new message id and whether Beacon took it.
   */
  async sendInbound(message: SimulatedInbound): Promise<{ id: string; accepted: boolean }> {
    this.lastInbound.set(message.from, this.clock());
    const { id, payload } = inboundPayload(message, Math.floor(this.clock() / 1000));
    const accepted = await this.outbox.postPayload(payload);
    return { id, accepted };
  }

  /** Resolves when every status webhook (and simulated reply) scheduled so far has been posted. */
  async drain(): Promise<void> {
    while (this.replies.size > 0 || this.replyPosts.size > 0) {
      await Promise.all([...this.replyPosts, ...[...this.replies.keys()].map(() => new Promise((resolve) => setTimeout(resolve, 10)))]);
    }
    await this.outbox.drain();
  }

  /** Cancels pending webhooks and answers held requests now. */
  close(): void {
    for (const [timer, release] of this.replies) {
      clearTimeout(timer);
      release();
    }
    this.replies.clear();
    this.outbox.close();
    for (const hold of [...this.holds]) hold.resolve();
  }

  /** Counts (and keeps, and reports by webhook, when those are on) an accepted message; answers its id. */
  private accept(phoneNumberId: string, request: SendRequest, slotAt?: number): string {
    const id = this.messageIds.next();
    const webhooks = this.options.statusWebhooks !== false;
    if (!webhooks && !this.record.keeping) {
      this.record.count();
      return id;
    }
    const message: SimulatedMessage = {
      id,
      type: request.type,
      phoneNumberId,
      to: request.to,
      templateName: request.templateName,
      language: request.language,
      text: request.text,
      callbackData: request.callbackData,
      receivedAt: new Date(this.clock()),
      slotAt: slotAt ?? null,
    };
    this.record.add(message);
    if (webhooks) this.scheduleStatuses(message);
    return id;
  }

  private scheduleStatuses(message: SimulatedMessage): void {
    const { deliverDelayMs, readDelayMs, readRate, permanentFailureRate } = this.current;
    const base: Omit<PendingStatus, 'status'> = {
      phoneNumberId: message.phoneNumberId,
      id: message.id,
      recipient_id: message.to,
      ...(message.callbackData === null ? {} : { biz_opaque_callback_data: message.callbackData }),
    };
    if (this.random() < permanentFailureRate) {
      const errors = [{ code: 131026, title: 'Message undeliverable', message: 'Message undeliverable', error_data: { details: 'Message Undeliverable.' } }];
      this.schedule({ ...base, status: 'failed', errors }, this.jitter(deliverDelayMs));
      return;
    }
    const pricing = { billable: true, pricing_model: 'PMP', category: 'utility' };
    this.schedule({ ...base, status: 'sent', pricing }, this.jitter(0));
    this.schedule({ ...base, status: 'delivered', pricing }, this.jitter(deliverDelayMs));
    if (this.random() < readRate) {
      this.schedule({ ...base, status: 'read' }, this.jitter(readDelayMs));
      if (message.type === 'template' && this.random() < this.current.replyRate) this.scheduleReply(message, readDelayMs + this.current.replyDelayMs);
    }
  }

  /** A share of the people who read an alert answer it: HELP or SAFE, as a reply to it. */
  private scheduleReply(message: SimulatedMessage, delayMs: number): void {
    const text = this.random() < this.current.helpRate ? 'HELP' : 'SAFE';
    const release = () => {
      this.replies.delete(timer);
    };
    const timer = setTimeout(() => {
      release();
      const post = this.sendInbound({ from: message.to, phoneNumberId: message.phoneNumberId, text, replyTo: message.id }).finally(() => this.replyPosts.delete(post));
      this.replyPosts.add(post);
    }, this.jitter(delayMs));
    this.replies.set(timer, release);
  }

  private insideWindow(to: string): boolean {
    const last = this.lastInbound.get(to);
    return last !== undefined && this.clock() - last < 24 * 3_600_000;
  }

  /** Schedules a status, and now and then the same status again a little later. */
  private schedule(status: PendingStatus, delayMs: number): void {
    this.outbox.schedule(status, delayMs);
    if (this.current.duplicateRate > 0 && this.random() < this.current.duplicateRate) this.outbox.schedule(status, this.jitter(delayMs + 1));
  }

  private jitter(delayMs: number): number {
    return this.current.jitterMs > 0 ? delayMs + Math.floor(this.random() * this.current.jitterMs) : delayMs;
  }

  private hold(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(entry.timer);
        this.holds.delete(entry);
        signal?.removeEventListener('abort', release);
        resolve();
      };
      const entry = { timer: setTimeout(release, ms), resolve: release };
      this.holds.add(entry);
      if (signal?.aborted) release();
      else signal?.addEventListener('abort', release);
    });
  }
}
