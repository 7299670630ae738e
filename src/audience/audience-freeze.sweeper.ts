import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AudienceRepository } from './audience.repository.js';

/** Pending freezes looked at per pass. */
const BATCH = 10;

/**
 * Finishes staged freezes (`AudienceRepository.freezeFirstSlice`): four times a second it freezes
 * the rest of every pending run's audience, one run per transaction, which also marks the freeze
 * complete and records `audience.frozen` in the audit chain. A freeze left pending by a crash is
 * finished the same way; with several API processes, row locks (SKIP LOCKED) let one do each run.
 */
@Injectable()
export class AudienceFreezeSweeper {
  private readonly logger = new Logger('AudienceFreeze');
  private sweeping = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AudienceRepository,
    private readonly audit: AuditService,
  ) {}

  @Interval(250)
  async tick(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      await this.sweep();
    } catch (error) {
      this.logger.error(`Looking for pending audience freezes failed: ${String(error)}`);
    } finally {
      this.sweeping = false;
    }
  }

  /** One pass over the pending freezes; returns how many it finished. */
  async sweep(): Promise<number> {
    let finished = 0;
    for (const runId of await this.repository.pendingFreezes(this.dataSource.manager, BATCH)) {
      if (await this.finish(runId)) finished += 1;
    }
    return finished;
  }

  /** Freezes the rest of one run's audience; false when another process has it, or it failed (retried next pass). */
  async finish(runId: string): Promise<boolean> {
    try {
      const added = await this.dataSource.transaction(async (manager) => {
        const count = await this.repository.freezeRest(manager, runId);
        if (count !== undefined) {
          await this.audit.record(manager, { actor: 'system', action: 'audience.frozen', subjectType: 'dispatch_run', subjectId: runId, data: { added: count } });
        }
        return count;
      });
      return added !== undefined;
    } catch (error) {
      this.logger.error(`Freezing the rest of the audience of run ${runId} failed (retried): ${String(error)}`);
      await this.repository.recordFreezeFailure(this.dataSource.manager, runId).catch(() => undefined);
      return false;
    }
  }
}
