import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/roles.js';
import type { PartnerEndpointEntity } from './partner-endpoint.entity.js';
import { toPartnerView, type PartnerView } from './partner.view.js';
import { PartnerNotFoundError } from './partners.errors.js';
import { PartnersRepository, type NewPartner, type PartnerChanges } from './partners.repository.js';

/** A secret Beacon chooses: 32 random bytes, base64url, with a prefix that says what it is. */
export function generatePartnerSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

/** Partner endpoints, managed by admins; every change audited (never the secret). */
@Injectable()
export class PartnersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: PartnersRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Principal, input: Omit<NewPartner, 'secret'> & { secret?: string }): Promise<PartnerView & { secret: string }> {
    const secret = input.secret ?? generatePartnerSecret();
    const partner = await this.dataSource.transaction(async (manager) => {
      const created = await this.repository.insert(manager, { name: input.name, url: input.url, format: input.format, secret });
      await this.record(manager, actor, 'partner.created', created, { name: created.name, url: created.url, format: created.format, secretGenerated: input.secret === undefined });
      return created;
    });
    return { ...toPartnerView(partner), secret };
  }

  async list(): Promise<PartnerView[]> {
    return (await this.repository.list()).map(toPartnerView);
  }

  async get(id: string): Promise<PartnerView> {
    const partner = await this.repository.findById(id);
    if (!partner) throw new PartnerNotFoundError(id);
    return toPartnerView(partner);
  }

  update(actor: Principal, id: string, changes: PartnerChanges): Promise<PartnerView> {
    return this.change(actor, id, changes, 'partner.updated');
  }

  /** Disabling keeps the row (past deliveries name it); a disabled partner gets nothing more, queued sends included. */
  disable(actor: Principal, id: string): Promise<PartnerView> {
    return this.change(actor, id, { active: false }, 'partner.disabled');
  }

  private async change(actor: Principal, id: string, changes: PartnerChanges, action: string): Promise<PartnerView> {
    const partner = await this.dataSource.transaction(async (manager) => {
      const existing = await this.repository.lockById(manager, id);
      if (!existing) throw new PartnerNotFoundError(id);
      await this.repository.update(manager, id, changes);
      const fields = Object.keys(changes).filter((key) => changes[key as keyof PartnerChanges] !== undefined).sort();
      await this.record(manager, actor, action, existing, { fields });
      return (await this.repository.findById(id, manager))!;
    });
    return toPartnerView(partner);
  }

  private async record(manager: EntityManager, actor: Principal, action: string, partner: PartnerEndpointEntity, data: Record<string, unknown>): Promise<void> {
    await this.audit.record(manager, { actor: actor.operatorId, action, subjectType: 'partner', subjectId: partner.id, data });
  }
}
