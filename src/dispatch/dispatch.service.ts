import { Injectable } from '@nestjs/common';
import { exhaustMap, from, type Observable, takeWhile, timer } from 'rxjs';
import type { EntityManager } from 'typeorm';
import { DeliveryLogRepository, type DeliveryFilter, type DeliveryRecord } from './delivery-log.repository.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchSignals } from './dispatch-signals.js';
import type { RunProgress, RunSpec } from './dispatch.types.js';

export interface RunSnapshot {
  state: string;
  progress: RunProgress;
  /** Sends whose outcome was unknown at some point (lease taken over after a crash, or a timeout). */
  uncertain: { leaseTakeovers: number; unknownOutcomes: number };
}

/** Dispatch works on runs, not alerts: it starts them, reports progress, and announces their end. */
@Injectable()
export class DispatchService {
  constructor(
    private readonly repository: DispatchRepository,
    private readonly log: DeliveryLogRepository,
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

  /**
   * Listeners of `events$` call this inside the transaction that handled a run's end, so an end
   * that was announced but not handled (the process died) is announced again by the sweep.
   */
  recordEnd(manager: EntityManager, runId: string): Promise<void> {
    return this.repository.recordEnd(manager, runId);
  }

  /** Call after the transaction that aborted a run has committed: seals and announces its end. */
  async announceAborted(runId: string): Promise<void> {
    const { digest, deliveries } = await this.repository.digest(runId);
    this.signals.events$.next({ type: 'run.aborted', runId, digest, deliveries });
  }

  /** running -> paused; false when the run was not running. Workers stop sending within ~200 ms. */
  pauseRun(manager: EntityManager, runId: string): Promise<boolean> {
    return this.repository.setRunState(manager, runId, 'running', 'paused');
  }

  /** paused -> running; false when the run was not paused. */
  resumeRun(manager: EntityManager, runId: string): Promise<boolean> {
    return this.repository.setRunState(manager, runId, 'paused', 'running');
  }

  runState(runId: string): Promise<string | undefined> {
    return this.repository.runState(runId);
  }

  /** The digest of a run's delivery rows, as sealed into the audit chain when the run ended. */
  digest(runId: string): Promise<{ digest: string; deliveries: number }> {
    return this.repository.digest(runId);
  }

  progress(runId: string): Promise<RunProgress> {
    return this.repository.progress(runId);
  }

  async snapshot(runId: string): Promise<RunSnapshot> {
    const [state, progress, uncertain] = await Promise.all([this.repository.runState(runId), this.repository.progress(runId), this.log.uncertain(runId)]);
    return { state: state ?? 'unknown', progress, uncertain };
  }

  /** Snapshots every `periodMs` (the first at once) until the run has ended; the last one is the final count. */
  watch(runId: string, periodMs = 500): Observable<RunSnapshot> {
    return timer(0, periodMs).pipe(
      exhaustMap(() => from(this.snapshot(runId))),
      takeWhile((snapshot) => snapshot.state === 'running' || snapshot.state === 'paused', true),
    );
  }

  /** Whether any of the runs has sent a message (or has one in flight that may have gone out). */
  reachedAnyone(manager: EntityManager, runIds: readonly string[]): Promise<boolean> {
    return this.log.reachedAnyone(manager, runIds);
  }

  deliveries(runId: string, filter: DeliveryFilter): Promise<DeliveryRecord[]> {
    return this.log.list(runId, filter);
  }
}
