import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { PartnerEndpointEntity } from './partner-endpoint.entity.js';

export interface NewPartner {
  name: string;
  url: string;
  format: string;
  secret: string;
}

export type PartnerChanges = Partial<NewPartner & { active: boolean }>;

@Injectable()
export class PartnersRepository {
  constructor(private readonly dataSource: DataSource) {}

  insert(manager: EntityManager, partner: NewPartner): Promise<PartnerEndpointEntity> {
    const repository = manager.getRepository(PartnerEndpointEntity);
    return repository.save(repository.create(partner));
  }

  list(): Promise<PartnerEndpointEntity[]> {
    return this.dataSource.getRepository(PartnerEndpointEntity).find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<PartnerEndpointEntity | null> {
    return manager.getRepository(PartnerEndpointEntity).findOneBy({ id });
  }

  lockById(manager: EntityManager, id: string): Promise<PartnerEndpointEntity | null> {
    return manager.getRepository(PartnerEndpointEntity).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async update(manager: EntityManager, id: string, changes: PartnerChanges): Promise<void> {
    const defined = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    if (Object.keys(defined).length > 0) await manager.getRepository(PartnerEndpointEntity).update({ id }, defined);
  }
}
