import { ClockSync } from './clock-sync.js';

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
  /**
   * The next block is reserved when the last slot of the previous one is this close, or two recent
   * round trips if longer, so a block arrives before its first slot.
   */
  horizonMs?: number;
  /**
   * A slot that can only be used later than this (a stalled event loop, or a block that arrived
   * after its slots) is given up and the caller takes the next one: sending late would bunch sends
   * downstream. 20 ms is 2% of a second, so sends at most this late keep any one-second window
   * within 2% of the rate.
   */
  maxLateMs?: number;
  /**
   * Callers that will ask soon (waiting for a request seat): while there are any, the next block is
   * reserved ahead, sized by the recent pace of use, so it arrives before the callers do instead of
   * each of them waiting a round trip for it.
   */
  backlog?: () => number;
  clock?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * After this many slots given up in a row one is used however late: under a stall that never ends,
 * sending a little bunched beats not sending at all.
 */
const MAX_DROPS_IN_A_ROW = 50;
/** However slow the round trips, never reserve further ahead than this. */
const MAX_LEAD_MS = 250;
/** The pace of use is measured over windows of about this length. */
const USE_WINDOW_MS = 50;

interface Waiter {
  priority: number;
  /** The slot time on the lender's clock, or undefined when no slot will come. */
  resolve: (slotAt: number | undefined) => void;
}

interface Slot {
  /** On the lender's clock (the database): what the global pace decided. */
  at: number;
  /** On ours, erring late: the slot is never used before `at` on the lender's clock. */
  localAt: number;
}

/**
 * Hands out send slots of one sender identity to local callers, most urgent first. Slots come in
 * small blocks from a global source (one UPDATE ... RETURNING per block), so several processes
 * share one rate; each slot goes, at its time, to the most urgent caller waiting, which spaces the
 * sends evenly. A slot is never used before its time on the lender's clock (translated with the
 * error margin of the clock estimate), and a slot that can only be used late is given up, not
 * squeezed in. At most about one block is held ahead, so an urgent message waits at most one block.
 */
export class SenderSlots {
  private readonly queue: Waiter[] = [];
  private readonly slots: Slot[] = [];
  private reserving = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private closed = false;
  private dropsInARow = 0;
  /** Slots handed out late on purpose (after too many drops in a row): `onTime` lets them through. */
  private readonly lateOnPurpose = new Set<number>();
  private readonly clock: () => number;
  private readonly horizonMs: number;
  private readonly maxLateMs: number;
  private readonly lender = new ClockSync();
  /** Slots handed to callers per millisecond, over the last window, and the window being counted. */
  private usePerMs = 0;
  private useWindow = { startedAt: 0, granted: 0 };
  /** Slots given up because they came too late. */
  forfeited = 0;

  constructor(private readonly options: SenderSlotsOptions) {
    this.clock = options.clock ?? Date.now;
    this.horizonMs = options.horizonMs ?? 20;
    this.maxLateMs = options.maxLateMs ?? 20;
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves at this caller's slot time with that time (lender's clock), or undefined if the slots were closed first. */
  acquire(priority = 0): Promise<number | undefined> {
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const waiter = { priority, resolve };
      const index = this.queue.findIndex((other) => other.priority > priority);
      if (index === -1) this.queue.push(waiter);
      else this.queue.splice(index, 0, waiter);
      this.serve();
    });
  }

  /**
   * Whether a slot handed out is still usable now, checked by the caller at the last moment before
   * its request goes out (continuations after the grant can be delayed by a busy event loop). A slot
   * now more than `maxLateMs` late is counted as given up: the caller asks for another.
   */
  onTime(slotAt: number): boolean {
    if (this.lateOnPurpose.delete(slotAt)) return true;
    const localAt = slotAt + this.lender.errorMs - this.lender.offsetMs;
    if (this.clock() - localAt <= this.maxLateMs) return true;
    this.dropsInARow++;
    this.forfeited++;
    return false;
  }

  /** Answers every waiter "no slot" now (shutdown); slots already reserved are given up. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.slots.length = 0;
    for (const waiter of this.queue.splice(0)) waiter.resolve(undefined);
  }

  /** Gives due slots to waiters, drops slots too late to use, then sleeps until the next slot or reservation. */
  private serve(): void {
    if (this.closed) return;
    const now = this.clock();
    while (this.queue.length > 0 && this.slots.length > 0 && this.slots[0]!.localAt <= now) {
      const slot = this.slots.shift()!;
      const late = now - slot.localAt > this.maxLateMs;
      if (late && this.dropsInARow < MAX_DROPS_IN_A_ROW) {
        this.dropsInARow++;
        this.forfeited++;
        continue;
      }
      if (late) this.lateOnPurpose.add(slot.at);
      else this.dropsInARow = 0;
      this.useWindow.granted++;
      this.queue.shift()!.resolve(slot.at);
    }
    this.measureUse(now);
    this.reserveIfNeeded(now);
    this.sleep();
  }

  private measureUse(now: number): void {
    const elapsed = now - this.useWindow.startedAt;
    if (elapsed < USE_WINDOW_MS) return;
    // A window much longer than USE_WINDOW_MS was idle for most of it: its average is a fair pace.
    this.usePerMs = this.useWindow.granted / elapsed;
    this.useWindow = { startedAt: now, granted: 0 };
  }

  /**
   * Reserves a block when the slots in hand fall short of the callers waiting or, while more are
   * queued behind them, when less than half of what the recent pace uses within the lead time is
   * held ahead; and the last slot in hand is near.
   */
  private reserveIfNeeded(now: number): void {
    if (this.reserving) return;
    // Slots that went by with nobody waiting will be given up: do not count on them.
    while (this.queue.length === 0 && this.slots.length > 0 && now - this.slots[0]!.localAt > this.maxLateMs) {
      this.slots.shift();
      this.forfeited++;
    }
    const lead = Math.min(MAX_LEAD_MS, Math.max(this.horizonMs, 2 * this.lender.recentRttMs));
    const soon = (this.options.backlog?.() ?? 0) > 0 ? Math.ceil(this.usePerMs * lead) : 0;
    // Topped up when half of what is held ahead is used, not after every slot: fewer, larger blocks.
    const ahead = this.slots.length - this.queue.length;
    if (ahead >= 0 && ahead >= soon / 2) return;
    const missing = soon - ahead;
    const last = this.slots.at(-1);
    if (last && last.localAt - lead > now) return;
    this.reserving = true;
    const count = Math.min(missing, Math.max(1, this.options.blockSize));
    const sentAt = now;
    this.options
      .reserve(count)
      .then((block) => {
        const receivedAt = this.clock();
        this.lender.add(sentAt, receivedAt, block.lenderNowMs);
        const toLocal = this.lender.errorMs - this.lender.offsetMs;
        for (let i = 0; i < block.count; i++) {
          // A slot before the lender's "now" is burst credit: due when it was handed out.
          const at = Math.max(block.firstAtMs + i * block.spacingMs, block.lenderNowMs);
          this.slots.push({ at, localAt: at + toLocal });
        }
        this.reserving = false;
        this.serve();
      })
      .catch((error: unknown) => {
        this.options.onError?.(error);
        setTimeout(() => {
          this.reserving = false;
          this.serve();
        }, 200);
      });
  }

  private sleep(): void {
    if (this.closed || this.queue.length === 0) return;
    const next = this.slots[0];
    const last = this.slots.at(-1);
    let wakeAt = next ? next.localAt : Infinity;
    // Wake in time to reserve the next block before the last slot in hand is used.
    if (last && !this.reserving && this.queue.length > this.slots.length) {
      wakeAt = Math.min(wakeAt, last.localAt - Math.min(MAX_LEAD_MS, Math.max(this.horizonMs, 2 * this.lender.recentRttMs)));
    }
    if (wakeAt === Infinity || (this.timer !== undefined && this.timerAt <= wakeAt)) return;
    clearTimeout(this.timer);
    this.timerAt = wakeAt;
    // Timers may fire a fraction of a millisecond early by the wall clock: serve() looks again.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.serve();
    }, Math.max(0, Math.ceil(wakeAt - this.clock())));
  }
}
