import type { LanguageContent, TemplateDefinition, WhatsAppSpec } from './domain/template-definition.js';
import type { VariableDefinition } from './domain/variables.js';
import type { StoredVersion } from './templates.repository.js';

export interface TemplateSummaryView {
  id: string;
  key: string;
  name: string;
  currentVersion: number;
  defaultLanguage: string;
  languages: string[];
  variables: string[];
  starter: boolean;
  updatedAt: string;
}

export interface TemplateView {
  id: string;
  key: string;
  version: number;
  currentVersion: number;
  name: string;
  description: string | null;
  defaultLanguage: string;
  languages: string[];
  variables: VariableDefinition[];
  texts: Record<string, LanguageContent>;
  whatsapp: WhatsAppSpec | null;
  /** Who made this version (null for a starter template seeded by Beacon). */
  versionCreatedBy: string | null;
  versionCreatedAt: string;
  createdAt: string;
  updatedAt: string;
}

export function toTemplateView({ template, version }: StoredVersion, definition: TemplateDefinition): TemplateView {
  return {
    id: template.id,
    key: template.key,
    version: version.version,
    currentVersion: template.currentVersion,
    name: definition.name,
    description: definition.description ?? null,
    defaultLanguage: definition.defaultLanguage,
    languages: Object.keys(definition.languages),
    variables: definition.variables,
    texts: definition.languages,
    whatsapp: definition.whatsapp ?? null,
    versionCreatedBy: version.createdBy,
    versionCreatedAt: version.createdAt.toISOString(),
    createdAt: template.createdAt.toISOString(),
    updatedAt: template.updatedAt.toISOString(),
  };
}

export function toTemplateSummary({ template, version }: StoredVersion, definition: TemplateDefinition): TemplateSummaryView {
  return {
    id: template.id,
    key: template.key,
    name: version.name,
    currentVersion: template.currentVersion,
    defaultLanguage: definition.defaultLanguage,
    languages: Object.keys(definition.languages),
    variables: definition.variables.map((variable) => variable.name),
    starter: template.createdBy === null,
    updatedAt: template.updatedAt.toISOString(),
  };
}
