import type { DeliveryOutcome } from './dispatch.types.js';

/** Collects send results and writes them in batches: one UPDATE per flush instead of one per message. */
export class OutcomeBuffer {
  private pending: DeliveryOutcome[] = [];
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (outcomes: DeliveryOutcome[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
    private readonly maxSize = 500,
    private readonly maxDelayMs = 25,
  ) {}

  add(outcome: DeliveryOutcome): void {
    this.pending.push(outcome);
    if (this.pending.length >= this.maxSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
  }

  /** Writes what is pending; resolves when everything added so far is written. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending;
    this.pending = [];
    this.flushing = this.flushing.then(() => (batch.length > 0 ? this.write(batch) : undefined)).catch(this.onError);
    return this.flushing;
  }
}
