import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AreaLibraryRepository } from '../areas/library/area-library.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../common/domain-error.js';
import { BEACON_CONFIG } from '../config/config.module.js';
import type { BeaconConfig } from '../config/config.js';
import { generateApiKey, hashApiKey, keyPrefix } from './api-key.js';
import type { OperatorEntity } from './operator.entity.js';
import { allowedAreasOf } from './operator-areas.js';
import { keyExpiry } from './operator-keys.js';
import { OperatorsRepository } from './operators.repository.js';
import type { Principal, Role } from './roles.js';

export interface OperatorView {
  id: string;
  name: string;
  roles: Role[];
  keyPrefix: string;
  keyExpiresAt: string | null;
  /** Library areas the operator's alerts must lie within; null = anywhere. */
  allowedAreaIds: string[] | null;
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
    private readonly areas: AreaLibraryRepository,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  /** The API key is returned once, here, and only its hash is stored. */
  async create(actor: Principal, input: { name: string; roles: Role[]; keyExpiresInDays?: number; allowedAreaIds?: readonly string[] | null }, now = new Date()): Promise<OperatorView & { apiKey: string }> {
    const apiKey = generateApiKey();
    const apiKeyExpiresAt = keyExpiry(now, input.keyExpiresInDays);
    const allowedAreaIds = await this.knownAreas(input.allowedAreaIds);
    const operator = await this.dataSource.transaction(async (manager) => {
      const created = await this.repository.insert(manager, { name: input.name, roles: input.roles, apiKeyHash: hashApiKey(apiKey), apiKeyPrefix: keyPrefix(apiKey), apiKeyExpiresAt, allowedAreaIds });
      await this.record(manager, actor, 'operator.created', created.id, { name: created.name, roles: created.roles, keyExpiresAt: apiKeyExpiresAt?.toISOString() ?? null, allowedAreaIds });
      return created;
    });
    return { ...toView(operator), apiKey };
  }

  /** Restricts an operator to library areas, or (null / []) lifts the restriction; effective on the operator's next request. */
  async setAllowedAreas(actor: Principal, id: string, ids: readonly string[] | null): Promise<OperatorView> {
    const allowedAreaIds = await this.knownAreas(ids);
    const operator = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockActive(manager, id);
      await this.repository.update(manager, id, { allowedAreaIds });
      await this.record(manager, actor, 'operator.areas_changed', id, { from: current.allowedAreaIds, to: allowedAreaIds });
      return Object.assign(current, { allowedAreaIds });
    });
    return toView(operator);
  }

  /** The stored form of a restriction, every id checked against the areas library. */
  private async knownAreas(ids: readonly string[] | null | undefined): Promise<string[] | null> {
    const allowed = allowedAreasOf(ids);
    if (!allowed) return null;
    const missing = await this.areas.missingIds(allowed);
    if (missing.length > 0) {
      throw new InvalidInputError('operator.unknown_area', `No area in the library with id ${missing.join(', ')}.`, { field: 'allowedAreaIds', missing });
    }
    return allowed;
  }

  /** A new key, shown once; the old one stops working when this commits. Admins rotate anyone's, others their own. */
  async rotateKey(actor: Principal, id: string, keyExpiresInDays?: number, now = new Date()): Promise<OperatorView & { apiKey: string }> {
    if (actor.operatorId !== id && !actor.roles.includes('admin')) {
      throw new ForbiddenError('operator.not_yours', 'Only an admin may rotate another operator\'s key.');
    }
    const apiKey = generateApiKey();
    const apiKeyExpiresAt = keyExpiry(now, keyExpiresInDays);
    const operator = await this.dataSource.transaction(async (manager) => {
      const current = await this.lockActive(manager, id);
      const changes = { apiKeyHash: hashApiKey(apiKey), apiKeyPrefix: keyPrefix(apiKey), apiKeyExpiresAt, apiKeyRotatedAt: now };
      await this.repository.update(manager, id, changes);
      await this.record(manager, actor, 'operator.key_rotated', id, { keyPrefix: changes.apiKeyPrefix, keyExpiresAt: apiKeyExpiresAt?.toISOString() ?? null });
      return Object.assign(current, changes);
    });
    return { ...toView(operator), apiKey };
  }

  /** Disabling takes effect on the next request; the last active admin cannot be disabled. */
  async disable(actor: Principal, id: string, now = new Date()): Promise<OperatorView> {
    const operator = await this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [BOOTSTRAP_LOCK]);
      const current = await this.lockActive(manager, id);
      if (current.roles.includes('admin') && (await this.repository.countOtherActiveAdmins(manager, id)) === 0) {
        throw new ConflictError('operator.last_admin', 'This is the last active admin; create another admin first.');
      }
      await this.repository.update(manager, id, { disabledAt: now });
      await this.record(manager, actor, 'operator.disabled', id, {});
      return Object.assign(current, { disabledAt: now });
    });
    return toView(operator);
  }

  private async lockActive(manager: EntityManager, id: string): Promise<OperatorEntity> {
    const operator = await this.repository.lockById(manager, id);
    if (!operator) throw new NotFoundError('operator.not_found', `No operator ${id}.`);
    if (operator.disabledAt) throw new ConflictError('operator.disabled', 'The operator is disabled.');
    return operator;
  }

  private async record(manager: EntityManager, actor: Principal, action: string, operatorId: string, data: Record<string, unknown>) {
    await this.audit.record(manager, { actor: actor.operatorId, action, subjectType: 'operator', subjectId: operatorId, data });
  }

  async get(id: string): Promise<OperatorView> {
    const operator = await this.repository.findById(id);
    if (!operator) throw new NotFoundError('operator.not_found', `No operator ${id}.`);
    return toView(operator);
  }

  async list(): Promise<OperatorView[]> {
    return (await this.repository.list()).map(toView);
  }

  async authenticate(apiKey: string): Promise<Principal | null> {
    const operator = await this.repository.findActiveByKeyHash(hashApiKey(apiKey));
    if (!operator) return null;
    const principal: Principal = { operatorId: operator.id, name: operator.name, roles: operator.roles as Role[] };
    return operator.allowedAreaIds ? { ...principal, allowedAreaIds: operator.allowedAreaIds } : principal;
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
    keyExpiresAt: operator.apiKeyExpiresAt?.toISOString() ?? null,
    allowedAreaIds: operator.allowedAreaIds ?? null,
    disabled: operator.disabledAt !== null,
    createdAt: operator.createdAt.toISOString(),
  };
}
