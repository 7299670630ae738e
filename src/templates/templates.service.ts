import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Principal } from '../auth/roles.js';
import { renderTemplate, type LanguageRendering, type RenderWarning } from './domain/render-template.js';
import { compileTemplate, type CompiledTemplate } from './domain/template-definition.js';
import { validateVariables } from './domain/variable-values.js';
import { toTemplateSummary, toTemplateView, type TemplateSummaryView, type TemplateView } from './template.view.js';
import { TemplateKeyTakenError, TemplateNotFoundError, TemplateVersionConflictError, TemplateVersionNotFoundError } from './templates.errors.js';
import { TemplatesRepository, type StoredVersion } from './templates.repository.js';

export interface NewTemplate {
  key: string;
  definition: unknown;
}

export interface TemplateChange {
  definition: unknown;
  /** When given, the change is refused unless the template is still at this version. */
  expectedVersion?: number;
}

/** Every language of one template version, rendered for every channel: what an alert draft is built from. */
export interface RenderedTemplate {
  templateId: string;
  key: string;
  version: number;
  defaultLanguage: string;
  languages: Record<string, LanguageRendering>;
  warnings: RenderWarning[];
}

@Injectable()
export class TemplatesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: TemplatesRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Principal, input: NewTemplate): Promise<TemplateView> {
    const { definition } = compileTemplate(input.definition);
    const stored = await this.dataSource.transaction(async (manager) => {
      const created = await this.repository.insert(manager, { key: input.key, definition, createdBy: actor.operatorId });
      if (!created) throw new TemplateKeyTakenError(input.key);
      await this.record(manager, actor, 'template.created', created, { key: input.key, name: definition.name, languages: Object.keys(definition.languages) });
      return created;
    });
    return toTemplateView(stored, definition);
  }

  /** A change never edits a version: it adds the next one, and the old ones stay readable. */
  async update(actor: Principal, id: string, change: TemplateChange): Promise<TemplateView> {
    const { definition } = compileTemplate(change.definition);
    const stored = await this.dataSource.transaction(async (manager) => {
      const template = await this.repository.lockById(manager, id);
      if (!template) throw new TemplateNotFoundError(id);
      if (change.expectedVersion !== undefined && change.expectedVersion !== template.currentVersion) {
        throw new TemplateVersionConflictError(change.expectedVersion, template.currentVersion);
      }
      const added = await this.repository.addVersion(manager, template, definition, actor.operatorId);
      await this.record(manager, actor, 'template.versioned', added, {
        key: template.key,
        name: definition.name,
        previousVersion: template.currentVersion,
        languages: Object.keys(definition.languages),
      });
      return added;
    });
    return toTemplateView(stored, definition);
  }

  async list(): Promise<TemplateSummaryView[]> {
    return (await this.repository.listCurrent()).map((stored) => toTemplateSummary(stored, compileTemplate(stored.version.definition).definition));
  }

  async get(id: string, version?: number): Promise<TemplateView> {
    const { stored, compiled } = await this.load(id, version);
    return toTemplateView(stored, compiled.definition);
  }

  /**
   * Renders a version for the given variables in the given languages (default: the template's
   * own). Alerts call this and keep `templateId` + `version` with the draft, so the exact texts
   * can be reproduced later: versions are immutable.
   */
  async render(templateId: string, version: number | undefined, variables: unknown, languages?: readonly string[]): Promise<RenderedTemplate> {
    const { stored, compiled } = await this.load(templateId, version);
    const values = validateVariables(compiled.definition.variables, variables);
    const renderings = renderTemplate(compiled, values, languages);
    return {
      templateId: stored.template.id,
      key: stored.template.key,
      version: stored.version.version,
      defaultLanguage: compiled.definition.defaultLanguage,
      languages: Object.fromEntries(renderings.map((rendering) => [rendering.language, rendering])),
      warnings: renderings.flatMap((rendering) => rendering.warnings),
    };
  }

  private async load(id: string, version?: number): Promise<{ stored: StoredVersion; compiled: CompiledTemplate }> {
    const template = await this.repository.findById(id);
    if (!template) throw new TemplateNotFoundError(id);
    const wanted = version ?? template.currentVersion;
    const stored = await this.repository.findVersion(id, wanted);
    if (!stored) throw new TemplateVersionNotFoundError(id, wanted, template.currentVersion);
    return { stored: { template, version: stored }, compiled: compileTemplate(stored.definition) };
  }

  private async record(manager: EntityManager, actor: Principal, action: string, stored: StoredVersion, data: Record<string, unknown>) {
    await this.audit.record(manager, {
      actor: actor.operatorId,
      action,
      subjectType: 'template',
      subjectId: stored.template.id,
      data: { version: stored.version.version, ...data },
    });
  }
}
