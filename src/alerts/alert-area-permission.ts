import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AreaContainmentService } from '../areas/library/area-containment.service.js';
import type { Principal } from '../auth/roles.js';
import { BEACON_CONFIG } from '../config/config.module.js';
import type { BeaconConfig } from '../config/config.js';
import { AreaNotPermittedError } from './alerts.errors.js';

/**
 * An operator restricted to library areas may create, edit, submit and approve only alerts whose
 * area lies within them (403 alert.area_not_permitted). Unrestricted callers cost nothing.
 */
@Injectable()
export class AlertAreaPermission {
  constructor(
    private readonly containment: AreaContainmentService,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  async assertAllowed(actor: Principal, area: unknown, manager?: EntityManager): Promise<void> {
    const allowed = actor.allowedAreaIds;
    if (!allowed || allowed.length === 0) return;
    const verdict = await this.containment.check(area, allowed, this.config.areaToleranceMetres, manager);
    if (!verdict.within) throw new AreaNotPermittedError(verdict.allowed, verdict.outside);
  }
}
