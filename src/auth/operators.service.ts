import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { BEACON_CONFIG } from '../config/config.module.js';
import type { BeaconConfig } from '../config/config.js';
import { generateApiKey, hashApiKey, keyPrefix } from './api-key.js';
import type { OperatorEntity } from './operator.entity.js';
import { OperatorsRepository } from './operators.repository.js';
import type { Principal, Role } from './roles.js';

export interface OperatorView {
  id: string;
  name: string;
  roles: Role[];
  keyPrefix: string;
  disabled: boolean;
  createdAt: string;
}

const BOOTSTRAP_LOCK = 7_240_318_552;

@Injectable()
export class OperatorsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Operators');

  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: OperatorsRepository,
    private readonly audit: AuditService,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  /** The API key is returned once, here, and only its hash is stored. */
  async create(actor: Principal, input: { name: string; roles: Role[] }): Promise<OperatorView & { apiKey: string }> {
    const apiKey = generateApiKey();
    const operator = await this.dataSource.transaction(async (manager) => {
      const created = await this.repository.insert(manager, { ...input, apiKeyHash: hashApiKey(apiKey), apiKeyPrefix: keyPrefix(apiKey) });
      await this.audit.record(manager, {
        actor: actor.operatorId,
        action: 'operator.created',
        subjectType: 'operator',
        subjectId: created.id,
        data: { name: created.name, roles: created.roles },
      });
      return created;
    });
    return { ...toView(operator), apiKey };
  }

  async list(): Promise<OperatorView[]> {
    return (await this.repository.list()).map(toView);
  }

  async authenticate(apiKey: string): Promise<Principal | null> {
    const operator = await this.repository.findActiveByKeyHash(hashApiKey(apiKey));
    return operator ? { operatorId: operator.id, name: operator.name, roles: operator.roles as Role[] } : null;
  }

  /** With no operator yet, BEACON_BOOTSTRAP_ADMIN_KEY becomes the first admin's key (once, even with several processes). */
  async onApplicationBootstrap() {
    const key = this.config.bootstrapAdminKey;
    if (!key) return;
    const created = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      if ((await this.repository.count(manager)) > 0) return false;
      const admin = await this.repository.insert(manager, { name: 'bootstrap-admin', roles: ['admin'], apiKeyHash: hashApiKey(key), apiKeyPrefix: keyPrefix(key) });
      await this.audit.record(manager, { actor: 'system', action: 'operator.bootstrapped', subjectType: 'operator', subjectId: admin.id, data: { name: admin.name, roles: admin.roles } });
      return true;
    });
    if (created) this.logger.log('First admin created from BEACON_BOOTSTRAP_ADMIN_KEY');
  }
}

function toView(operator: OperatorEntity): OperatorView {
  return {
    id: operator.id,
    name: operator.name,
    roles: operator.roles as Role[],
    keyPrefix: operator.apiKeyPrefix,
    disabled: operator.disabledAt !== null,
    createdAt: operator.createdAt.toISOString(),
  };
}
