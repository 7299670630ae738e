import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AreaLibraryService } from '../areas/library/area-library.service.js';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/roles.js';
import { InvalidInputError } from '../common/domain-error.js';
import type { AlertEntity } from './alert.entity.js';
import { AlertAreaPermission } from './alert-area-permission.js';
import { validateTexts } from './alert-texts.js';
import type { AlertView } from './alert.view.js';
import { AlertApprovals } from './approval/alert-approvals.js';
import { ImportedAlertNotEditableError } from './approval/approval.errors.js';
import { assertStatusChangeAllowed } from './approval/approval-rules.js';
import { AlertsRepository, type AlertChanges, type AlertContentChanges } from './alerts.repository.js';
import { AlertsService, storedFilters } from './alerts.service.js';
import type { UpdateAlertDto } from './dto/update-alert.dto.js';

class NoChangesError extends InvalidInputError {
  constructor() {
    super('alert.no_changes', 'The request changes nothing: send at least one field to change.');
  }
}

/**
 * PATCH: the author edits a draft or pending alert. An edit of a pending alert sends it back to
 * draft and voids every approval recorded so far: the approvers reviewed other content.
 */
@Injectable()
export class AlertEditor {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AlertsRepository,
    private readonly areas: AreaLibraryService,
    private readonly approvals: AlertApprovals,
    private readonly alerts: AlertsService,
    private readonly audit: AuditService,
    private readonly areaPermission: AlertAreaPermission,
  ) {}

  async edit(actor: Principal, id: string, input: UpdateAlertDto): Promise<AlertView> {
    const content = await this.contentChanges(input);
    if (Object.keys(content).length === 0) throw new NoChangesError();
    await this.dataSource.transaction(async (manager) => {
      const alert = await this.alerts.lockForStep(manager, actor, id, 'edit');
      if (alert.capInfos !== null) throw new ImportedAlertNotEditableError();
      if (content.area !== undefined) await this.areaPermission.assertAllowed(actor, content.area, manager);
      if (content.status !== undefined) assertStatusChangeAllowed(alert.status, content.status);
      const contentHashBefore = this.approvals.hash(alert);
      const lifecycle: AlertChanges = alert.state === 'pending_approval' ? { state: 'draft', submittedAt: null } : {};
      await this.repository.edit(manager, id, { ...content, ...lifecycle });
      const approvalsVoided = await this.approvals.voidApprovals(manager, actor.operatorId, alert, 'edited');
      const edited: AlertEntity = { ...alert, ...content, ...lifecycle };
      await this.audit.record(manager, {
        actor: actor.operatorId,
        action: 'alert.edited',
        subjectType: 'alert',
        subjectId: id,
        data: { from: alert.state, to: edited.state, fields: Object.keys(content).sort(), contentHashBefore, contentHash: this.approvals.hash(edited), approvalsVoided },
      });
    });
    return this.alerts.get(id);
  }

  /** The columns the request changes, each checked the way a new alert's are. */
  private async contentChanges(input: UpdateAlertDto): Promise<AlertContentChanges> {
    const changes: AlertContentChanges = {};
    if (input.area !== undefined) {
      await this.areas.resolve(input.area);
      changes.area = input.area;
    }
    if (input.texts !== undefined) {
      changes.texts = validateTexts(input.texts);
      // Hand-edited texts are no longer the template's rendering: keeping it would misstate what goes out.
      Object.assign(changes, { renderings: null, templateId: null, templateVersion: null, templateVariables: null });
    }
    for (const field of ['headline', 'event', 'severity', 'urgency', 'certainty', 'status'] as const) {
      const value = input[field];
      if (value !== undefined) changes[field] = value;
    }
    if (input.filters !== undefined) changes.audienceFilters = input.filters === null ? null : storedFilters(input.filters);
    if (input.expires !== undefined) changes.expiresAt = input.expires === null ? null : instant(input.expires);
    return changes;
  }
}

function instant(iso: string): Date {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new InvalidInputError('alert.invalid_expires', `expires "${iso}" is not a time Beacon can store.`, { field: 'expires' });
  return date;
}
