import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { DomainError } from '../../common/domain-error.js';
import type { AlertEntity } from '../alert.entity.js';
import { scheduledOutcome } from '../alert-lifecycle.js';
import { AlertLauncher, type LaunchResult } from '../alert-launcher.js';
import { AlertsRepository } from '../alerts.repository.js';
import { AlertApprovals } from '../approval/alert-approvals.js';
import { ScheduleRepository } from './schedule.repository.js';

const SYSTEM = 'system';
/** Alerts started per tick at most; the rest wait for the next second. */
const PER_TICK = 20;

type Handled = { outcome: 'none' } | { outcome: 'expired' | 'halted'; alertId: string } | { outcome: 'started'; alertId: string; launch: LaunchResult };

/**
 * Every second: starts the dispatch of scheduled alerts whose onset has come, each in its own
 * transaction (lock, approval check, audience freeze, `alert.dispatch_started`), and retires those
 * whose expiry passed first (`expired`: nothing is ever sent).
 */
@Injectable()
export class ScheduledDispatchJob {
  private readonly logger = new Logger('ScheduledDispatch');
  private running = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schedule: ScheduleRepository,
    private readonly alerts: AlertsRepository,
    private readonly launcher: AlertLauncher,
    private readonly approvals: AlertApprovals,
    private readonly audit: AuditService,
  ) {}

  @Interval(1000)
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.runDue(new Date());
    } catch (error) {
      this.logger.error(`Starting scheduled alerts failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }

  /** Handles the alerts due at `now`; returns how many were handled. */
  async runDue(now: Date): Promise<number> {
    for (let handled = 0; handled < PER_TICK; handled += 1) {
      const result = await this.dataSource.transaction((manager) => this.handleOne(manager, now));
      if (result.outcome === 'none') return handled;
      if (result.outcome === 'started') await this.launcher.afterCommit(result.launch);
    }
    return PER_TICK;
  }

  private async handleOne(manager: EntityManager, now: Date): Promise<Handled> {
    const alert = await this.schedule.claimDue(manager, now);
    if (!alert) return { outcome: 'none' };
    const outcome = scheduledOutcome(alert, now);
    if (outcome === 'expire') {
      await this.alerts.update(manager, alert.id, { state: 'expired' });
      await this.record(manager, 'alert.expired', alert, { from: 'scheduled', to: 'expired', onset: alert.onsetAt?.toISOString() ?? null, expiresAt: alert.expiresAt?.toISOString() ?? null });
      return { outcome: 'expired', alertId: alert.id };
    }
    // A refused start leaves nothing half done: the savepoint undoes it, and the alert is halted instead.
    await manager.query('SAVEPOINT scheduled_start');
    try {
      // A scheduled alert is sent only as approved: the approvals must still match what would go out now.
      await this.approvals.assertStillValid(manager, alert);
      return { outcome: 'started', alertId: alert.id, launch: await this.launcher.start(manager, SYSTEM, alert, now) };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT scheduled_start');
      return this.halt(manager, alert, error);
    }
  }

  /** Back to pending approval, its approvals voided: someone must look at it again. Nothing is sent. */
  private async halt(manager: EntityManager, alert: AlertEntity, error: DomainError): Promise<Handled> {
    const voided = await this.approvals.voidApprovals(manager, SYSTEM, alert, 'content_changed');
    await this.alerts.update(manager, alert.id, { state: 'pending_approval', decidedBy: null, decidedAt: null });
    await this.record(manager, 'alert.schedule_halted', alert, { from: 'scheduled', to: 'pending_approval', code: error.code, reason: error.message, approvalsVoided: voided });
    this.logger.warn(`Scheduled alert ${alert.id} was not started: ${error.code}`);
    return { outcome: 'halted', alertId: alert.id };
  }

  private async record(manager: EntityManager, action: string, alert: AlertEntity, data: Record<string, unknown>): Promise<void> {
    await this.audit.record(manager, { actor: SYSTEM, action, subjectType: 'alert', subjectId: alert.id, data });
  }
}
