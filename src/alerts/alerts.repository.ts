import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { runSql } from '../database/sql.js';
import { AlertEntity } from './alert.entity.js';
import type { AlertState } from './alert-lifecycle.js';
import type { ImportedAlert } from './cap/cap-to-alert.js';

/** The columns a lifecycle step may change; content is fixed once drafted. */
export type AlertChanges = Partial<Pick<AlertEntity, 'state' | 'submittedAt' | 'decidedBy' | 'decidedAt' | 'decisionReason' | 'dispatchRunId'>>;

export type NewAlert = Pick<AlertEntity, 'headline' | 'event' | 'severity' | 'urgency' | 'certainty' | 'status' | 'area' | 'texts' | 'createdBy'> &
  Partial<Pick<AlertEntity, 'audienceFilters'>> &
  // Template record, renderings and schedule (src/alerts/template, src/alerts/schedule).
  Partial<Pick<AlertEntity, 'templateId' | 'templateVersion' | 'templateVariables' | 'renderings' | 'onsetAt' | 'expiresAt'>>;

/** The content an author may still edit while the alert is a draft or pending approval (PATCH). */
export type AlertContentChanges = Partial<
  Pick<
    AlertEntity,
    'headline' | 'event' | 'severity' | 'urgency' | 'certainty' | 'status' | 'area' | 'texts' | 'audienceFilters' | 'expiresAt' | 'renderings' | 'templateId' | 'templateVersion' | 'templateVariables'
  >
>;

@Injectable()
export class AlertsRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(manager: EntityManager, alert: NewAlert): Promise<AlertEntity> {
    const repository = manager.getRepository(AlertEntity);
    return repository.save(repository.create(alert));
  }

  findById(id: string): Promise<AlertEntity | null> {
    return this.dataSource.getRepository(AlertEntity).findOneBy({ id });
  }

  /** Locks the row for the rest of the transaction, so two approvers cannot both act on it. */
  lockById(manager: EntityManager, id: string): Promise<AlertEntity | null> {
    return manager.getRepository(AlertEntity).createQueryBuilder('a').setLock('pessimistic_write').where('a.id = :id', { id }).getOne();
  }

  async update(manager: EntityManager, id: string, changes: AlertChanges): Promise<void> {
    await manager.getRepository(AlertEntity).update({ id }, changes);
  }

  /** An edit of content, with the lifecycle change it brings (a pending alert goes back to draft). */
  async edit(manager: EntityManager, id: string, changes: AlertContentChanges & AlertChanges): Promise<void> {
    // TypeORM's deep-partial type cannot see that a jsonb column takes a whole object.
    await manager.getRepository(AlertEntity).update({ id }, changes as Parameters<Repository<AlertEntity>['update']>[1]);
  }

  list(filter: { state?: AlertState; limit: number }): Promise<AlertEntity[]> {
    return this.dataSource.getRepository(AlertEntity).find({
      where: filter.state ? { state: filter.state } : {},
      order: { createdAt: 'DESC' },
      take: filter.limit,
    });
  }

  /** Marks the alert of a finished run completed; returns its id, or null if it was not dispatching. */
  async completeByRun(manager: EntityManager, runId: string): Promise<string | null> {
    const { rows } = await runSql<{ id: string }>(
      manager,
      `UPDATE alert SET state = 'completed', updated_at = now() WHERE dispatch_run_id = $1 AND state = 'dispatching' RETURNING id`,
      [runId],
    );
    return rows[0]?.id ?? null;
  }

  // --- CAP 1.2 (src/alerts/cap, src/alerts/feed) ---

  insertImported(manager: EntityManager, alert: ImportedAlert & { createdBy: string; referencesAlertId?: string | null }): Promise<AlertEntity> {
    const repository = manager.getRepository(AlertEntity);
    return repository.save(repository.create(alert));
  }

  /** The alert made from a partner's CAP message, by the message's sender and identifier. */
  findByCapIdentifier(manager: EntityManager | undefined, sender: string, identifier: string): Promise<AlertEntity | null> {
    return (manager ?? this.dataSource.manager).getRepository(AlertEntity).findOneBy({ capSender: sender, capIdentifier: identifier });
  }

  /** Alerts the public may read as CAP: approved (sent or being sent), Actual, Public, not expired at `now`. */
  listPublished(now: Date, limit: number, id?: string): Promise<AlertEntity[]> {
    const query = this.dataSource
      .getRepository(AlertEntity)
      .createQueryBuilder('a')
      .where(`a.state IN ('approved', 'dispatching', 'completed')`)
      .andWhere(`a.status = 'Actual' AND a.scope = 'Public'`)
      .andWhere('(a.expires_at IS NULL OR a.expires_at > :now)', { now })
      .orderBy('a.decided_at', 'DESC', 'NULLS LAST')
      .addOrderBy('a.id')
      .limit(limit);
    if (id !== undefined) query.andWhere('a.id = :id', { id });
    return query.getMany();
  }
}
