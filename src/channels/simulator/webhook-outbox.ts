import type { WebhookPayload, WebhookStatus } from '../whatsapp/graph-api.js';
import type { WebhookSignature } from '../whatsapp/webhook-signature.js';

/** One status report waiting to be posted; its timestamp is taken when it is posted. */
export interface PendingStatus extends Omit<WebhookStatus, 'timestamp'> {
  phoneNumberId: string;
}

/** Posts a signed body and answers the HTTP status; rejects on network failure. */
export type WebhookPoster = (url: string, body: string, headers: Record<string, string>, signal: AbortSignal) => Promise<number>;

export interface WebhookOutboxOptions {
  url: () => string;
  signature: WebhookSignature;
  post?: WebhookPoster;
  /** Statuses due within the same tick go out together, as Meta batches them under load. */
  tickMs?: number;
  maxStatusesPerPost?: number;
  /** Waits before each retry of a post that failed or was answered non-2xx. */
  retryDelaysMs?: readonly number[];
  clock?: () => number;
  onGiveUp?: (reason: string) => void;
}

export interface OutboxStats {
  posts: number;
  statuses: number;
  retries: number;
  abandoned: number;
}

const WABA_ID = '100000000000000';

/** Schedules status webhooks, groups the ones due together into one signed POST, and retries. */
export class WebhookOutbox {
  private readonly buckets = new Map<number, { timer: NodeJS.Timeout; items: PendingStatus[] }>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private readonly aborter = new AbortController();
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  readonly stats: OutboxStats = { posts: 0, statuses: 0, retries: 0, abandoned: 0 };
  private readonly tickMs: number;
  private readonly maxPerPost: number;
  private readonly retryDelaysMs: readonly number[];
  private readonly clock: () => number;
  private readonly post: WebhookPoster;

  constructor(private readonly options: WebhookOutboxOptions) {
    this.tickMs = options.tickMs ?? 10;
    this.maxPerPost = options.maxStatusesPerPost ?? 100;
    this.retryDelaysMs = options.retryDelaysMs ?? [100, 500, 2_000];
    this.clock = options.clock ?? Date.now;
    this.post = options.post ?? fetchPoster;
  }

  schedule(status: PendingStatus, delayMs: number): void {
    if (this.closed) return;
    const due = Math.ceil((this.clock() + delayMs) / this.tickMs) * this.tickMs;
    const bucket = this.buckets.get(due);
    if (bucket) {
      bucket.items.push(status);
      return;
    }
    const timer = setTimeout(() => this.fire(due), Math.max(0, due - this.clock()));
    this.buckets.set(due, { timer, items: [status] });
  }

  /** Resolves once every scheduled status has been posted (or given up on), or the outbox closed. */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops everything not yet posted and cancels retries; later schedules are ignored. */
  close(): void {
    this.closed = true;
    for (const { timer } of this.buckets.values()) clearTimeout(timer);
    this.buckets.clear();
    for (const sleep of this.sleeps) {
      clearTimeout(sleep.timer);
      sleep.resolve();
    }
    this.sleeps.clear();
    this.aborter.abort();
    this.wakeIdleWaiters();
  }

  private fire(due: number): void {
    const bucket = this.buckets.get(due);
    this.buckets.delete(due);
    if (!bucket || this.closed) return;
    for (let start = 0; start < bucket.items.length; start += this.maxPerPost) {
      const chunk = bucket.items.slice(start, start + this.maxPerPost);
      const delivery: Promise<void> = this.deliver(chunk).finally(() => {
        this.inFlight.delete(delivery);
        if (this.isIdle()) this.wakeIdleWaiters();
      });
      this.inFlight.add(delivery);
    }
  }

  /** Posts any signed payload now (an inbound message), with the same retries; drain() waits for it. */
  postPayload(payload: unknown): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    const delivery = this.postWithRetries(JSON.stringify(payload), 0);
    const tracked: Promise<void> = delivery.then(
      () => undefined,
      () => undefined,
    ).finally(() => {
      this.inFlight.delete(tracked);
      if (this.isIdle()) this.wakeIdleWaiters();
    });
    this.inFlight.add(tracked);
    return delivery;
  }

  private async deliver(items: PendingStatus[]): Promise<void> {
    await this.postWithRetries(JSON.stringify(payloadOf(items, Math.floor(this.clock() / 1000))), items.length);
  }

  private async postWithRetries(body: string, statuses: number): Promise<boolean> {
    const headers = { 'content-type': 'application/json', 'x-hub-signature-256': this.options.signature.sign(body) };
    let problem = '';
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        await this.sleep(this.retryDelaysMs[attempt - 1]!);
      }
      if (this.closed) return false;
      try {
        const status = await this.post(this.options.url(), body, headers, this.aborter.signal);
        if (status >= 200 && status < 300) {
          this.stats.posts++;
          this.stats.statuses += statuses;
          return true;
        }
        problem = `HTTP ${status}`;
      } catch (error) {
        if (this.closed) return false;
        problem = error instanceof Error ? error.message : String(error);
      }
    }
    this.stats.abandoned += statuses;
    this.options.onGiveUp?.(`Gave up posting ${statuses > 0 ? `${statuses} statuses` : 'a message'}: ${problem}`);
    return false;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleeps.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.sleeps.add(entry);
    });
  }

  private isIdle(): boolean {
    return this.buckets.size === 0 && this.inFlight.size === 0;
  }

  private wakeIdleWaiters(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const wake of waiters) wake();
  }
}

/** The Cloud API webhook body: one entry per business phone number, its statuses in one change. */
export function payloadOf(items: readonly PendingStatus[], unixSeconds: number): WebhookPayload {
  const byNumber = new Map<string, WebhookStatus[]>();
  for (const { phoneNumberId, id, status, recipient_id, ...rest } of items) {
    const list = byNumber.get(phoneNumberId) ?? [];
    list.push({ id, status, timestamp: String(unixSeconds), recipient_id, ...rest });
    byNumber.set(phoneNumberId, list);
  }
  return {
    object: 'whatsapp_business_account',
    entry: [...byNumber].map(([phoneNumberId, statuses]) => ({
      id: WABA_ID,
      changes: [
        {
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: `1555${phoneNumberId.slice(-7)}`, phone_number_id: phoneNumberId },
            statuses,
          },
          field: 'messages',
        },
      ],
    })),
  };
}

async function fetchPoster(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
  const response = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) });
  await response.arrayBuffer();
  return response.status;
}
