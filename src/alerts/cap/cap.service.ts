import { Inject, Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { AreasService } from '../../areas/areas.service.js';
import { AreaLibraryService } from '../../areas/library/area-library.service.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Principal } from '../../auth/roles.js';
import { ConflictError, DomainError } from '../../common/domain-error.js';
import { BEACON_CONFIG } from '../../config/config.module.js';
import type { BeaconConfig } from '../../config/config.js';
import type { AlertEntity } from '../alert.entity.js';
import { AlertAreaPermission } from '../alert-area-permission.js';
import { assertStatusChangeAllowed } from '../approval/approval-rules.js';
import { validateTexts } from '../alert-texts.js';
import { toAlertView, type AlertView } from '../alert.view.js';
import { AlertNotFoundError } from '../alerts.errors.js';
import { AlertsRepository } from '../alerts.repository.js';
import { FollowUpService } from '../follow-up/follow-up.service.js';
import { alertIdOfIdentifier, alertToCap } from './alert-to-cap.js';
import { readCapAlert } from './cap-reader.js';
import { capToAlert, hasTargetableShape, textsOf } from './cap-to-alert.js';
import { writeCap } from './cap-writer.js';
import { parseReferences, type CapImportNote, type CapMessage, type CapValuePair } from './cap.types.js';
import { parseXmlDocument } from './xml-tree.js';

export type CapImportResult =
  | { kind: 'created'; body: AlertView & { dropped: CapImportNote[]; warnings: CapImportNote[] } }
  | { kind: 'cancelled'; body: { cancelled: AlertView[]; pending: AlertView[]; warnings: CapImportNote[] } };

const CANCELLABLE = ['draft', 'pending_approval', 'approved', 'scheduled', 'dispatching', 'completed'];

/** CAP 1.2 in and out: a partner's message becomes a draft (or cancels what it references); any alert reads as CAP. */
@Injectable()
export class CapService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AlertsRepository,
    private readonly areas: AreasService,
    private readonly followUps: FollowUpService,
    private readonly library: AreaLibraryService,
    private readonly audit: AuditService,
    private readonly areaPermission: AlertAreaPermission,
    @Inject(BEACON_CONFIG) private readonly config: BeaconConfig,
  ) {}

  async importCap(actor: Principal, xml: string): Promise<CapImportResult> {
    const { message, notes } = readCapAlert(parseXmlDocument(xml));
    if (message.msgType === 'Cancel') {
      const cancelled = await this.cancelReferenced(actor, message);
      if (cancelled) return cancelled;
    }
    const known = await this.library.knownGeocodes(shapelessGeocodes(message));
    const imported = capToAlert(message, notes, (area) => this.areas.normalize(area), (code) => known.some((k) => k.valueName === code.valueName && k.value === code.value));
    validateTexts(imported.texts);
    await this.areaPermission.assertAllowed(actor, imported.area);
    // A partner's Update of an alert Beacon holds reaches whoever that alert reached, like Beacon's own.
    const referenced = message.msgType === 'Update' ? (await this.referencedAlerts(message)).at(-1) : undefined;
    // An exercise stays an exercise: an Update cannot turn it into an Actual alert.
    if (referenced) assertStatusChangeAllowed(referenced.status, imported.status);
    const referencesAlertId = referenced?.id ?? null;
    const alert = await this.dataSource.transaction(async (manager) => {
      const existing = await this.repository.findByCapIdentifier(manager, message.sender, message.identifier);
      if (existing) throw duplicate(message, existing.id);
      const created = await this.repository.insertImported(manager, { ...imported, referencesAlertId, createdBy: actor.operatorId }).catch((error: unknown) => {
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
   * A partner's Cancel whose `references` name alerts Beacon holds cancels them through the normal
   * cancel: unsent messages are not sent, and where people were reached a Cancel for them is drafted
   * for approval (`pending`), with the partner's texts when its Cancel has info blocks. Returns
   * undefined when it references nothing Beacon knows, so that it is drafted like any message.
   */
  private async cancelReferenced(actor: Principal, message: CapMessage): Promise<CapImportResult | undefined> {
    const matches = await this.referencedAlerts(message);
    if (matches.length === 0) return undefined;
    const cancelled: AlertView[] = [];
    const pending: AlertView[] = [];
    const warnings: CapImportNote[] = [];
    const texts = message.infos.length > 0 ? textsOf(message.infos, { dropped: [], warnings: [] }) : undefined;
    for (const alert of matches) {
      if (!CANCELLABLE.includes(alert.state)) {
        const why = alert.state === 'superseded' ? 'superseded by an Update; cancelling the latest message covers it' : 'nothing left to cancel';
        warnings.push({ path: 'alert/references', reason: `alert ${alert.id} is already ${alert.state.replace('_', ' ')}; ${why}` });
        continue;
      }
      try {
        const outcome = await this.followUps.cancel(actor, alert.id, { reason: `CAP Cancel ${message.identifier} from ${message.sender}`, texts });
        if (outcome.cancellation) pending.push(outcome.cancellation);
        else cancelled.push(outcome);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        warnings.push({ path: 'alert/references', reason: `alert ${alert.id} was not cancelled: ${error.message}` });
      }
    }
    return { kind: 'cancelled', body: { cancelled, pending, warnings } };
  }

  /** The alerts Beacon holds that a message's `references` name (its own by urn:beacon identifier), oldest first. */
  private async referencedAlerts(message: CapMessage): Promise<AlertEntity[]> {
    const matches = new Map<string, AlertEntity>();
    for (const reference of parseReferences(message.references)) {
      const ownId = reference.sender === this.config.cap.sender ? alertIdOfIdentifier(reference.identifier) : undefined;
      const alert = ownId ? await this.repository.findById(ownId) : await this.repository.findByCapIdentifier(undefined, reference.sender, reference.identifier);
      if (alert) matches.set(alert.id, alert);
    }
    return [...matches.values()].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }
}

/** Geocodes of the areas that have no shape of their own: the ones the areas library may resolve. */
function shapelessGeocodes(message: CapMessage): CapValuePair[] {
  return message.infos.flatMap((info) => info.areas.filter((area) => !hasTargetableShape(area)).flatMap((area) => area.geocodes));
}

function duplicate(message: CapMessage, alertId?: string): ConflictError {
  return new ConflictError('cap.duplicate', `The CAP message ${message.identifier} from ${message.sender} was already imported.`, alertId ? { alertId } : undefined);
}

function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}
