import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AlertEntity } from '../alert.entity.js';

/** Scheduled alerts whose time has come. */
@Injectable()
export class ScheduleRepository {
  /**
   * Locks one scheduled alert whose onset or expiry has come, skipping any another process holds,
   * so that several API processes never start the same alert twice.
   */
  claimDue(manager: EntityManager, now: Date): Promise<AlertEntity | null> {
    return manager
      .getRepository(AlertEntity)
      .createQueryBuilder('a')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where(`a.state = 'scheduled'`)
      .andWhere('(a.onset_at IS NULL OR a.onset_at <= :now OR a.expires_at <= :now)', { now })
      .orderBy('a.onset_at', 'ASC', 'NULLS FIRST')
      .addOrderBy('a.id')
      .limit(1)
      .getOne();
  }
}
