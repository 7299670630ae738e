import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { runSql } from '../database/sql.js';
import type { TemplateDefinition } from './domain/template-definition.js';
import { TemplateVersionEntity } from './template-version.entity.js';
import { TemplateEntity } from './template.entity.js';

export interface StoredVersion {
  template: TemplateEntity;
  version: TemplateVersionEntity;
}

@Injectable()
export class TemplatesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a template at version 1; null when the key is taken. */
  async insert(manager: EntityManager, input: { key: string; definition: TemplateDefinition; createdBy: string | null }): Promise<StoredVersion | null> {
    const { rows } = await runSql<{ id: string }>(
      manager,
      `INSERT INTO template (key, current_version, created_by) VALUES ($1, 1, $2) ON CONFLICT (key) DO NOTHING RETURNING id`,
      [input.key, input.createdBy],
    );
    const id = rows[0]?.id;
    if (!id) return null;
    await this.insertVersion(manager, id, 1, input.definition, input.createdBy);
    return this.findVersionWith(manager, id, 1);
  }

  /**
   * Seeds a starter template in one statement: nothing happens when its key exists, so several
   * processes starting together, or a restart, never duplicate it. Returns whether it was added.
   */
  async insertStarter(key: string, definition: TemplateDefinition): Promise<boolean> {
    const { rows } = await runSql<{ template_id: string }>(
      this.dataSource,
      `WITH created AS (
         INSERT INTO template (key, current_version) VALUES ($1, 1) ON CONFLICT (key) DO NOTHING RETURNING id
       )
       INSERT INTO template_version (template_id, version, name, definition)
       SELECT id, 1, $2, $3::jsonb FROM created RETURNING template_id`,
      [key, definition.name, JSON.stringify(definition)],
    );
    return rows.length > 0;
  }

  /** Locks the template row for the rest of the transaction, so two edits cannot take the same version number. */
  lockById(manager: EntityManager, id: string): Promise<TemplateEntity | null> {
    return manager.getRepository(TemplateEntity).createQueryBuilder('t').setLock('pessimistic_write').where('t.id = :id', { id }).getOne();
  }

  async addVersion(manager: EntityManager, template: TemplateEntity, definition: TemplateDefinition, createdBy: string): Promise<StoredVersion> {
    const next = template.currentVersion + 1;
    await this.insertVersion(manager, template.id, next, definition, createdBy);
    await runSql(manager, `UPDATE template SET current_version = $2, updated_at = now() WHERE id = $1`, [template.id, next]);
    return this.findVersionWith(manager, template.id, next);
  }

  findById(id: string): Promise<TemplateEntity | null> {
    return this.dataSource.getRepository(TemplateEntity).findOneBy({ id });
  }

  findVersion(templateId: string, version: number): Promise<TemplateVersionEntity | null> {
    return this.dataSource.getRepository(TemplateVersionEntity).findOneBy({ templateId, version });
  }

  /** Every template with its current version, by key. */
  async listCurrent(): Promise<StoredVersion[]> {
    const templates = await this.dataSource.getRepository(TemplateEntity).find({ order: { key: 'ASC' } });
    if (templates.length === 0) return [];
    const versions = await this.dataSource
      .getRepository(TemplateVersionEntity)
      .createQueryBuilder('v')
      .innerJoin(TemplateEntity, 't', 't.id = v.template_id AND t.current_version = v.version')
      .getMany();
    const byTemplate = new Map(versions.map((version) => [version.templateId, version]));
    return templates.flatMap((template) => {
      const version = byTemplate.get(template.id);
      return version ? [{ template, version }] : [];
    });
  }

  private async insertVersion(manager: EntityManager, templateId: string, version: number, definition: TemplateDefinition, createdBy: string | null) {
    await manager.query(
      `INSERT INTO template_version (template_id, version, name, definition, created_by) VALUES ($1, $2, $3, $4::jsonb, $5)`,
      [templateId, version, definition.name, JSON.stringify(definition), createdBy],
    );
  }

  private async findVersionWith(manager: EntityManager, templateId: string, version: number): Promise<StoredVersion> {
    const template = await manager.getRepository(TemplateEntity).findOneByOrFail({ id: templateId });
    const stored = await manager.getRepository(TemplateVersionEntity).findOneByOrFail({ templateId, version });
    return { template, version: stored };
  }
}
