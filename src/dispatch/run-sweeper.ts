import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchSignals } from './dispatch-signals.js';
import { FallbackRepository } from './fallback.repository.js';

/** Due fallbacks decided per statement; the sweep repeats while a batch comes back full. */
const FALLBACK_BATCH = 5000;
/** An ended run whose end is still unrecorded this long after it finished is announced again. */
const END_GRACE_SECONDS = 10;
const ENDS_EVERY_MS = 5000;

/**
 * The periodic bookkeeping of runs, in the API process (twice a second), safe with several such
 * processes: channel fallbacks that have come due, runs with nothing left to send completed and
 * announced, and ended runs whose end was never recorded (the announcing process died before its
 * listener committed) announced again. Listeners are idempotent, so a repeat does no harm.
 */
@Injectable()
export class RunSweeper implements BeforeApplicationShutdown {
  private readonly logger = new Logger('RunSweeper');
  private current: Promise<void> | null = null;
  private stopped = false;
  private endsCheckedAt = 0;

  constructor(
    private readonly repository: DispatchRepository,
    private readonly fallbacks: FallbackRepository,
    private readonly channels: ChannelRegistry,
    private readonly signals: DispatchSignals,
  ) {}

  @Interval(500)
  async tick(): Promise<void> {
    if (this.current || this.stopped) return;
    this.current = this.sweep(Date.now() - this.endsCheckedAt >= ENDS_EVERY_MS).catch((error: unknown) => {
      this.logger.error(`Sweeping runs failed: ${String(error)}`);
    });
    try {
      await this.current;
    } finally {
      this.current = null;
    }
  }

  /** No new sweep, and the one under way finishes before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.current;
  }

  /** One pass; `ends`: also look for ended runs whose end was never recorded. */
  async sweep(ends = true): Promise<void> {
    await this.fallBackDue();
    await this.completeFinishedRuns();
    if (ends) {
      this.endsCheckedAt = Date.now();
      await this.announceUnrecordedEnds();
    }
  }

  private async fallBackDue(): Promise<void> {
    const channels = this.channels.channels();
    let added = 0;
    for (;;) {
      const { decided, fallbacks } = await this.fallbacks.fallBackDue(channels, FALLBACK_BATCH);
      added += fallbacks;
      if (decided < FALLBACK_BATCH) break;
    }
    if (added > 0) this.signals.work$.next();
  }

  private async completeFinishedRuns(): Promise<void> {
    await this.fallbacks.dropHopeless(this.channels.channels());
    for (const runId of await this.repository.completeFinishedRuns()) await this.announce(runId, 'run.completed');
  }

  private async announceUnrecordedEnds(): Promise<void> {
    for (const run of await this.repository.unrecordedEnds(END_GRACE_SECONDS)) {
      this.logger.warn(`Run ${run.id} ended without its end being recorded: announcing it again`);
      await this.announce(run.id, run.state === 'aborted' ? 'run.aborted' : 'run.completed');
    }
  }

  private async announce(runId: string, type: 'run.completed' | 'run.aborted'): Promise<void> {
    const { digest, deliveries } = await this.repository.digest(runId);
    this.signals.events$.next({ type, runId, digest, deliveries });
  }
}
