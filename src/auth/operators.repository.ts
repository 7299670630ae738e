import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { OperatorEntity } from './operator.entity.js';
import type { Role } from './roles.js';

@Injectable()
export class OperatorsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findActiveByKeyHash(hash: Buffer): Promise<OperatorEntity | null> {
    return this.dataSource
      .getRepository(OperatorEntity)
      .createQueryBuilder('o')
      .where('o.api_key_hash = :hash AND o.disabled_at IS NULL AND (o.api_key_expires_at IS NULL OR o.api_key_expires_at > now())', { hash })
      .getOne();
  }

  insert(manager: EntityManager, operator: { name: string; roles: Role[]; apiKeyHash: Buffer; apiKeyPrefix: string; apiKeyExpiresAt?: Date | null; allowedAreaIds?: string[] | null }): Promise<OperatorEntity> {
    const repository = manager.getRepository(OperatorEntity);
    return repository.save(repository.create(operator));
  }

  async count(manager: EntityManager): Promise<number> {
    return manager.getRepository(OperatorEntity).count();
  }

  lockById(manager: EntityManager, id: string): Promise<OperatorEntity | null> {
    return manager.getRepository(OperatorEntity).createQueryBuilder('o').setLock('pessimistic_write').where('o.id = :id', { id }).getOne();
  }

  async update(manager: EntityManager, id: string, changes: Partial<Pick<OperatorEntity, 'apiKeyHash' | 'apiKeyPrefix' | 'apiKeyExpiresAt' | 'apiKeyRotatedAt' | 'disabledAt' | 'allowedAreaIds'>>): Promise<void> {
    await manager.getRepository(OperatorEntity).update({ id }, changes);
  }

  /** Active admins other than `exceptId`, counted under the caller's lock so two admins cannot disable each other at once. */
  async countOtherActiveAdmins(manager: EntityManager, exceptId: string): Promise<number> {
    const rows: { n: string }[] = await manager.query(
      `SELECT count(*) AS n FROM operator WHERE id <> $1 AND disabled_at IS NULL AND 'admin' = ANY(roles)`,
      [exceptId],
    );
    return Number(rows[0]?.n ?? 0);
  }

  findById(id: string): Promise<OperatorEntity | null> {
    return this.dataSource.getRepository(OperatorEntity).findOneBy({ id });
  }

  list(): Promise<OperatorEntity[]> {
    return this.dataSource.getRepository(OperatorEntity).find({ order: { createdAt: 'ASC' } });
  }
}
