import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AreaLibraryService } from '../areas/library/area-library.service.js';
import { AudienceRepository } from '../audience/audience.repository.js';
import { ChannelRegistry } from '../channels/channel-registry.js';
import { DispatchService } from '../dispatch/dispatch.service.js';
import { dispatchPriority, type Severity, type Urgency } from '../dispatch/priority.js';
import type { AlertEntity } from './alert.entity.js';

/** Turns an approved alert into a dispatch run with its audience frozen, inside the approval transaction. */
@Injectable()
export class AlertDispatcher {
  constructor(
    private readonly areas: AreaLibraryService,
    private readonly audience: AudienceRepository,
    private readonly dispatch: DispatchService,
    private readonly channels: ChannelRegistry,
  ) {}

  async start(manager: EntityManager, alert: AlertEntity): Promise<{ runId: string; targeted: number }> {
    const priority = dispatchPriority(alert.severity as Severity, alert.urgency as Urgency);
    const languages = Object.keys(alert.texts);
    const defaultLanguage = languages.includes('en') ? 'en' : languages[0]!;
    const runId = await this.dispatch.createRun(manager, { priority, messages: alert.texts, defaultLanguage, expiresAt: alert.expiresAt });
    const targeted = await this.audience.freeze(manager, {
      runId,
      area: await this.areas.resolve(alert.area, manager),
      priority,
      channels: this.channels.channels(),
    });
    return { runId, targeted };
  }
}
