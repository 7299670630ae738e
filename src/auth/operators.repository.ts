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
      .where('o.api_key_hash = :hash AND o.disabled_at IS NULL', { hash })
      .getOne();
  }

  insert(manager: EntityManager, operator: { name: string; roles: Role[]; apiKeyHash: Buffer; apiKeyPrefix: string }): Promise<OperatorEntity> {
    const repository = manager.getRepository(OperatorEntity);
    return repository.save(repository.create(operator));
  }

  async count(manager: EntityManager): Promise<number> {
    return manager.getRepository(OperatorEntity).count();
  }

  list(): Promise<OperatorEntity[]> {
    return this.dataSource.getRepository(OperatorEntity).find({ order: { createdAt: 'ASC' } });
  }
}
