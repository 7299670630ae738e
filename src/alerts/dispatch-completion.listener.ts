import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { DispatchService } from '../dispatch/dispatch.service.js';
import type { RunEvent } from '../dispatch/dispatch.types.js';
import { AlertsRepository } from './alerts.repository.js';

const SEAL_ACTION = 'alert.dispatch_sealed';

/**
 * When a run ends, its alert is completed and the digest of its deliveries is sealed into the audit
 * chain; audit verification then recomputes each sealed digest.
 */
@Injectable()
export class DispatchCompletionListener implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('DispatchCompletion');
  private subscription: Subscription | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly dispatch: DispatchService,
    private readonly alerts: AlertsRepository,
    private readonly audit: AuditService,
  ) {}

  onModuleInit() {
    this.audit.registerSealVerifier({
      action: SEAL_ACTION,
      matches: async (event) => {
        const runId = event.data.runId;
        if (typeof runId !== 'string') return false;
        return (await this.dispatch.digest(runId)).digest === event.data.deliveriesDigest;
      },
    });
    this.subscription = this.dispatch.events$.subscribe((event) => {
      this.onRunEvent(event).catch((error: unknown) => this.logger.error(`Completing run ${event.runId} failed: ${String(error)}`));
    });
  }

  onModuleDestroy() {
    this.subscription?.unsubscribe();
  }

  async onRunEvent(event: RunEvent): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      // Recorded with the completion: an end announced but never handled is announced again.
      await this.dispatch.recordEnd(manager, event.runId);
      const alertId = await this.alerts.completeByRun(manager, event.runId);
      if (!alertId) return;
      await this.audit.record(manager, {
        actor: 'system',
        action: SEAL_ACTION,
        subjectType: 'alert',
        subjectId: alertId,
        data: { runId: event.runId, deliveries: event.deliveries, deliveriesDigest: event.digest },
      });
    });
  }
}
