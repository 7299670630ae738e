import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { EntityManager } from 'typeorm';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchSignals } from './dispatch-signals.js';
import type { RunProgress, RunSpec } from './dispatch.types.js';

/** Dispatch works on runs, not alerts: it starts them, reports progress, and announces their end. */
@Injectable()
export class DispatchService {
  private readonly logger = new Logger('Dispatch');
  private checking = false;

  constructor(
    private readonly repository: DispatchRepository,
    private readonly signals: DispatchSignals,
  ) {}

  get events$() {
    return this.signals.events$.asObservable();
  }

  /** Creates a run inside the caller's transaction; its deliveries are inserted by the caller (audience freeze). */
  createRun(manager: EntityManager, spec: RunSpec): Promise<string> {
    return this.repository.createRun(manager, spec);
  }

  /** Call after the transaction that queued deliveries has committed, so idle workers start at once. */
  notifyWork(): void {
    this.signals.work$.next();
  }

  abortRun(manager: EntityManager, runId: string): Promise<number> {
    return this.repository.abortRun(manager, runId);
  }

  /** Recomputes the digest of a run's delivery log, to compare with the one sealed when it ended. */
  digest(runId: string): Promise<{ digest: string; deliveries: number }> {
    return this.repository.digest(runId);
  }

  progress(runId: string): Promise<RunProgress> {
    return this.repository.progress(runId);
  }

  @Interval(500)
  async completeFinishedRuns(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      for (const runId of await this.repository.completeFinishedRuns()) {
        const { digest, deliveries } = await this.repository.digest(runId);
        this.signals.events$.next({ type: 'run.completed', runId, digest, deliveries });
      }
    } catch (error) {
      this.logger.error(`Checking for finished runs failed: ${String(error)}`);
    } finally {
      this.checking = false;
    }
  }
}
