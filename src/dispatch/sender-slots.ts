/** A block of consecutive send slots, in the clock of whoever hands them out (the database). */
export interface SlotBlock {
  firstAtMs: number;
  spacingMs: number;
  count: number;
  /** The lender's clock when the block was handed out, to translate its times into ours. */
  lenderNowMs: number;
}

export interface SenderSlotsOptions {
  /** Reserves `count` slots from the global pace of this sender identity. */
  reserve: (count: number) => Promise<SlotBlock>;
  /** Most slots reserved at once. */
  blockSize: number;
  /** The next block is reserved when the last slot of the previous one is this close. */
  horizonMs?: number;
  /**
   * A slot whose timer fires later than this (a stalled event loop) is given up and its caller
   * queued for a new one: sending late would bunch sends and break the rate downstream.
   */
  maxLateMs?: number;
  clock?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * After this many given-up slots a caller takes the next one however late: under a stall that never
 * ends, sending a little bunched beats not sending at all.
 */
const MAX_FORFEITS_PER_CALLER = 20;

interface Waiter {
  priority: number;
  seq: number;
  forfeits: number;
  resolve: (granted: boolean) => void;
}

/**
 * Hands out send slots of one sender identity to local callers, most urgent first. Slots come in
 * small blocks from a global source (one UPDATE ... RETURNING per block), so several processes
 * share one rate; each caller then waits for its own slot time, which spaces the sends evenly.
 * At most about one block is held ahead, so an urgent message waits at most one block.
 */
export class SenderSlots {
  private readonly queue: Waiter[] = [];
  /** Callers whose block is being reserved. */
  private reservingFor: Waiter[] = [];
  private readonly sleeping = new Set<{ timer: NodeJS.Timeout; waiter: Waiter }>();
  private reserving = false;
  private wakeTimer: NodeJS.Timeout | undefined;
  private seq = 0;
  private closed = false;
  private readonly clock: () => number;
  private readonly horizonMs: number;
  private readonly maxLateMs: number;
  /** Slots given up because they came too late. */
  forfeited = 0;

  constructor(private readonly options: SenderSlotsOptions) {
    this.clock = options.clock ?? Date.now;
    this.horizonMs = options.horizonMs ?? 20;
    this.maxLateMs = options.maxLateMs ?? 25;
  }

  /** Callers waiting for a slot, not yet given one. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves true at this caller's slot time, or false if the slots were closed first. */
  acquire(priority = 0): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.enqueue({ priority, seq: this.seq++, forfeits: 0, resolve });
    });
  }

  private enqueue(waiter: Waiter): void {
    const index = this.queue.findIndex((other) => other.priority > waiter.priority || (other.priority === waiter.priority && other.seq > waiter.seq));
    if (index === -1) this.queue.push(waiter);
    else this.queue.splice(index, 0, waiter);
    this.pump();
  }

  /** Answers every waiter `false` now (shutdown); slots already reserved are given up. */
  close(): void {
    this.closed = true;
    clearTimeout(this.wakeTimer);
    for (const waiter of [...this.queue.splice(0), ...this.reservingFor.splice(0)]) waiter.resolve(false);
    for (const entry of this.sleeping) {
      clearTimeout(entry.timer);
      entry.waiter.resolve(false);
    }
    this.sleeping.clear();
  }

  private pump(): void {
    if (this.reserving || this.wakeTimer !== undefined || this.closed || this.queue.length === 0) return;
    this.reserving = true;
    const waiters = this.queue.splice(0, Math.max(1, this.options.blockSize));
    this.reservingFor = waiters;
    const sentAt = this.clock();
    this.options
      .reserve(waiters.length)
      .then((block) => {
        this.reservingFor = [];
        if (this.closed) return;
        const receivedAt = this.clock();
        // Translate the lender's clock into ours (half the round trip either way).
        const offset = block.lenderNowMs - (sentAt + receivedAt) / 2;
        let lastAt = receivedAt;
        waiters.forEach((waiter, i) => {
          // A slot already past when the block arrives is burst credit: due now, not late.
          const at = Math.max(receivedAt, block.firstAtMs + i * block.spacingMs - offset);
          lastAt = Math.max(lastAt, at);
          this.grantAt(waiter, at);
        });
        this.reserving = false;
        const wait = lastAt - this.horizonMs - this.clock();
        if (wait > 0) {
          this.wakeTimer = setTimeout(() => {
            this.wakeTimer = undefined;
            this.pump();
          }, wait);
        } else {
          this.pump();
        }
      })
      .catch((error: unknown) => {
        this.options.onError?.(error);
        this.reservingFor = [];
        if (this.closed) return;
        this.queue.unshift(...waiters);
        this.queue.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
        this.reserving = false;
        this.wakeTimer = setTimeout(() => {
          this.wakeTimer = undefined;
          this.pump();
        }, 200);
      });
  }

  private grantAt(waiter: Waiter, at: number): void {
    if (this.closed) return waiter.resolve(false);
    const wait = at - this.clock();
    if (wait <= 0) return this.lateOrNot(waiter, at);
    const entry = {
      timer: setTimeout(() => {
        this.sleeping.delete(entry);
        this.lateOrNot(waiter, at);
      }, wait),
      waiter,
    };
    this.sleeping.add(entry);
  }

  private lateOrNot(waiter: Waiter, at: number): void {
    if (this.clock() - at <= this.maxLateMs || waiter.forfeits >= MAX_FORFEITS_PER_CALLER) return waiter.resolve(true);
    waiter.forfeits++;
    this.forfeited++;
    this.enqueue(waiter);
  }
}
