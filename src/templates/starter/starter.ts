import type { TemplateDefinition } from '../domain/template-definition.js';

/** A template Beacon ships with; checked by the same rules as any other at start-up. */
export interface StarterTemplate {
  key: string;
  definition: TemplateDefinition;
}
