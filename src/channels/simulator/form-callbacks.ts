import { TwilioSignature } from '../sms/twilio-signature.js';

/** Posts a form body with headers; answers the HTTP status, rejects on network failure. */
export type FormPoster = (url: string, body: string, headers: Record<string, string>, signal: AbortSignal) => Promise<number>;

export interface FormCallbackStats {
  posts: number;
  retries: number;
  abandoned: number;
}

/**
 * Twilio-style callbacks: one form POST per event, signed with `X-Twilio-Signature` over the exact
 * URL, retried a few times. Scheduled ones can be drained (tests) or dropped (shutdown).
 */
export class FormCallbacks {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<boolean>>();
  private readonly aborter = new AbortController();
  private closed = false;
  readonly stats: FormCallbackStats = { posts: 0, retries: 0, abandoned: 0 };
  private readonly signature: TwilioSignature;

  constructor(
    authToken: string,
    private readonly post: FormPoster = fetchFormPoster,
    private readonly retryDelaysMs: readonly number[] = [100, 500, 2_000],
    private readonly onGiveUp?: (reason: string) => void,
  ) {
    this.signature = new TwilioSignature(authToken);
  }

  schedule(url: string, params: Record<string, string>, delayMs: number): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.send(url, params);
    }, delayMs);
    this.timers.add(timer);
  }

  /** Posts now; resolves true when the receiver answered 2xx. */
  send(url: string, params: Record<string, string>): Promise<boolean> {
    const sending = this.deliver(url, params).finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
    return sending;
  }

  async drain(): Promise<void> {
    while (this.timers.size > 0 || this.inFlight.size > 0) {
      await Promise.all([...this.inFlight, new Promise((resolve) => setTimeout(resolve, 5))]);
    }
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.aborter.abort();
  }

  private async deliver(url: string, params: Record<string, string>): Promise<boolean> {
    const body = new URLSearchParams(params).toString();
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': this.signature.sign(url, params) };
    let problem = '';
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt++) {
      if (attempt > 0) {
        this.stats.retries++;
        await new Promise((resolve) => setTimeout(resolve, this.retryDelaysMs[attempt - 1]));
      }
      if (this.closed) return false;
      try {
        const status = await this.post(url, body, headers, this.aborter.signal);
        if (status >= 200 && status < 300) {
          this.stats.posts++;
          return true;
        }
        problem = `HTTP ${status}`;
      } catch (error) {
        if (this.closed) return false;
        problem = error instanceof Error ? error.message : String(error);
      }
    }
    this.stats.abandoned++;
    this.onGiveUp?.(`Gave up posting an SMS callback: ${problem}`);
    return false;
  }
}

async function fetchFormPoster(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number> {
  const response = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) });
  await response.arrayBuffer();
  return response.status;
}
