import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { StatusUpdate } from '../dispatch/delivery-status.js';

export interface BatcherLimits {
  /** A batch waits at most this long for company after its first update. */
  maxWaitMs: number;
  maxBatchSize: number;
  /**
   * Independent write lanes (default 1). An update goes to the lane of its delivery id (else its
   * provider message id), so two batches written at the same time never share a row: no lock waits,
   * no deadlocks, and PostgreSQL gets one busy backend per lane.
   */
  lanes?: number;
}

type Apply = (updates: readonly StatusUpdate[]) => Promise<unknown>;

interface Batch {
  updates: StatusUpdate[];
  done: Promise<void>;
  settle: (error?: unknown) => void;
}

/**
 * Gathers status updates from concurrent webhook requests into one set-based write per batch.
 * Within a lane batches are written one at a time; `submit` resolves only once its updates are
 * committed, so a 200 to the provider means applied.
 */
export class StatusBatcher implements BeforeApplicationShutdown {
  private readonly lanes: Lane[];

  constructor(apply: Apply, limits: BatcherLimits = { maxWaitMs: 20, maxBatchSize: 500 }) {
    this.lanes = Array.from({ length: Math.max(1, limits.lanes ?? 1) }, () => new Lane(apply, limits));
  }

  async submit(updates: readonly StatusUpdate[]): Promise<void> {
    if (this.lanes.length === 1) return this.lanes[0]!.submit(updates);
    const parts = this.lanes.map((): StatusUpdate[] => []);
    for (const update of updates) parts[laneOf(update, this.lanes.length)]!.push(update);
    await Promise.all(parts.map((part, i) => (part.length === 0 ? Promise.resolve() : this.lanes[i]!.submit(part))));
  }

  /** Writes whatever is waiting and resolves when nothing is left. */
  async flush(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.flush()));
  }

  async beforeApplicationShutdown() {
    await this.flush();
  }
}

function laneOf(update: StatusUpdate, lanes: number): number {
  const key = update.deliveryId ?? update.providerMessageId;
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % lanes;
}

class Lane {
  private open: Batch | undefined;
  private readonly sealed: Batch[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly apply: Apply,
    private readonly limits: BatcherLimits = { maxWaitMs: 20, maxBatchSize: 500 },
  ) {}

  async submit(updates: readonly StatusUpdate[]): Promise<void> {
    const waits: Promise<void>[] = [];
    for (let start = 0; start < updates.length; ) {
      const batch = (this.open ??= newBatch());
      const room = this.limits.maxBatchSize - batch.updates.length;
      batch.updates.push(...updates.slice(start, start + room));
      start += room;
      waits.push(batch.done);
      if (batch.updates.length >= this.limits.maxBatchSize) this.seal();
    }
    if (this.open && this.timer === undefined) this.timer = setTimeout(() => this.seal(), this.limits.maxWaitMs);
    this.pump();
    await Promise.all(waits);
  }

  /** Writes whatever is waiting and resolves when nothing is left. */
  async flush(): Promise<void> {
    this.seal();
    while (this.writing) await this.writing;
  }

  private seal(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.open) this.sealed.push(this.open);
    this.open = undefined;
    this.pump();
  }

  private pump(): void {
    if (this.writing) return;
    const batch = this.sealed.shift();
    if (!batch) return;
    this.writing = this.write(batch).finally(() => {
      this.writing = undefined;
      this.pump();
    });
  }

  private async write(batch: Batch): Promise<void> {
    try {
      await this.apply(batch.updates);
      batch.settle();
    } catch (error) {
      batch.settle(error ?? new Error('status write failed'));
    }
  }
}

function newBatch(): Batch {
  let settle: (error?: unknown) => void = () => {};
  const done = new Promise<void>((resolve, reject) => {
    settle = (error) => (error === undefined ? resolve() : reject(error instanceof Error ? error : new Error('status write failed', { cause: error })));
  });
  // Every waiter awaits `done`; this keeps a failed batch with no waiter left from being unhandled.
  done.catch(() => {});
  return { updates: [], done, settle };
}
