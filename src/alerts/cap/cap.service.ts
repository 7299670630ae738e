import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { AreasService } from '../../areas/areas.service.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Principal } from '../../auth/roles.js';
import { ConflictError } from '../../common/domain-error.js';
import { BEACON_CONFIG } from '../../config/config.module.js';
import type { BeaconConfig } from '../../config/config.js';
import type { AlertEntity } from '../alert.entity.js';
import { validateTexts } from '../alert-texts.js';
import { toAlertView, type AlertView } from '../alert.view.js';
import { AlertNotFoundError } from '../alerts.errors.js';
import { AlertsRepository } from '../alerts.repository.js';
import { AlertsService } from '../alerts.service.js';
import { alertIdOfIdentifier, alertToCap } from './alert-to-cap.js';
import { readCapAlert } from './cap-reader.js';
import { capToAlert } from './cap-to-alert.js';
import { writeCap } from './cap-writer.js';
import { parseReferences, type CapImportNote, type CapMessage } from './cap.types.js';
import { parseXmlDocument } from './xml-tree.js';

export type CapImportResult =
  | { kind: 'created'; body: AlertView & { dropped: CapImportNote[]; warnings: CapImportNote[] } }
  | { kind: 'cancelled'; body: { cancelled: AlertView[]; warnings: CapImportNote[] } };

const CANCELLABLE = ['draft', 'pending_approval', 'approved', 'dispatching'];

/** CAP 1.2 in and out: a partner's message becomes a draft (or cancels what it references); any alert reads as CAP. */
@Injectable()
export class CapService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AlertsRepository,
    private readonly areas: AreasService,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  async importCap(actor: Principal, xml: string): Promise<CapImportResult> {
    const { message, notes } = readCapAlert(parseXmlDocument(xml));
    if (message.msgType === 'Cancel') {
      const cancelled = await this.cancelReferenced(actor, message);
      if (cancelled) return cancelled;
    }
    const imported = capToAlert(message, notes, (area) => this.areas.normalize(area));
    validateTexts(imported.texts);
    const alert = await this.dataSource.transaction(async (manager) => {
      const existing = await this.repository.findByCapIdentifier(manager, message.sender, message.identifier);
      if (existing) throw duplicate(message, existing.id);
      const created = await this.repository.insertImported(manager, { ...imported, createdBy: actor.operatorId }).catch((error: unknown) => {
        throw isUniqueViolation(error) ? duplicate(message) : error;
      });
      await this.audit.record(manager, {
        actor: actor.operatorId,
        action: 'alert.created',
        subjectType: 'alert',
        subjectId: created.id,
        data: {
          headline: created.headline, status: created.status, severity: created.severity, urgency: created.urgency,
          source: 'cap', identifier: message.identifier, sender: message.sender, msgType: message.msgType,
          dropped: notes.dropped.length, warnings: notes.warnings.length,
        },
      });
      return created;
    });
    return { kind: 'created', body: { ...toAlertView(alert), dropped: notes.dropped, warnings: notes.warnings } };
  }

  async exportCap(id: string): Promise<string> {
    const alert = await this.repository.findById(id);
    if (!alert) throw new AlertNotFoundError(id);
    return this.toXml(alert);
  }

  toXml(alert: AlertEntity): string {
    return writeCap(alertToCap(alert, this.config.cap.sender));
  }

  /**
   * A partner's Cancel whose `references` name alerts Beacon holds cancels them (unsent messages are not
   * sent). Returns undefined when it references nothing Beacon knows, so that it is drafted like any message.
   */
  private async cancelReferenced(actor: Principal, message: CapMessage): Promise<CapImportResult | undefined> {
    const matches = new Map<string, AlertEntity>();
    for (const reference of parseReferences(message.references)) {
      const ownId = reference.sender === this.config.cap.sender ? alertIdOfIdentifier(reference.identifier) : undefined;
      const alert = ownId ? await this.repository.findById(ownId) : await this.repository.findByCapIdentifier(undefined, reference.sender, reference.identifier);
      if (alert) matches.set(alert.id, alert);
    }
    if (matches.size === 0) return undefined;
    const cancelled: AlertView[] = [];
    const warnings: CapImportNote[] = [];
    for (const alert of matches.values()) {
      if (!CANCELLABLE.includes(alert.state)) {
        warnings.push({ path: 'alert/references', reason: `alert ${alert.id} is already ${alert.state.replace('_', ' ')}; nothing left to cancel` });
        continue;
      }
      cancelled.push(await this.alerts.cancel(actor, alert.id, `CAP Cancel ${message.identifier} from ${message.sender}`));
    }
    return { kind: 'cancelled', body: { cancelled, warnings } };
  }
}

function duplicate(message: CapMessage, alertId?: string): ConflictError {
  return new ConflictError('cap.duplicate', `The CAP message ${message.identifier} from ${message.sender} was already imported.`, alertId ? { alertId } : undefined);
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}
