import type { Path, TemplateNode } from './placeholder.js';
import { FIELDS_BY_TYPE, PLACE_ITEM_FIELDS, type VariableDefinition } from './variables.js';

const ITEM_FIELDS: readonly string[] = PLACE_ITEM_FIELDS;

/**
 * Checks every placeholder against the declared variables, so a template that would fail (or
 * print nothing) at 3 a.m. is refused when it is saved. Returns the problems, empty when none.
 */
export function checkPlaceholders(nodes: readonly TemplateNode[], definitions: readonly VariableDefinition[]): string[] {
  const byName = new Map(definitions.map((definition) => [definition.name, definition]));
  const problems: string[] = [];
  const visit = (list: readonly TemplateNode[], inItem: boolean) => {
    for (const node of list) {
      switch (node.kind) {
        case 'text':
          break;
        case 'value':
          problems.push(...checkPath(node.path, byName, inItem, false));
          break;
        case 'if':
          problems.push(...checkPath(node.path, byName, inItem, true));
          visit(node.then, inItem);
          visit(node.otherwise, inItem);
          break;
        case 'each': {
          const definition = byName.get(node.list);
          if (inItem) problems.push(`{{#each ${node.list}}} cannot be inside another {{#each}}.`);
          else if (!definition) problems.push(`{{#each ${node.list}}} names no declared variable.`);
          else if (definition.type !== 'places') problems.push(`{{#each ${node.list}}} needs a list of places, but ${node.list} is ${definition.type}.`);
          visit(node.body, true);
          break;
        }
      }
    }
  };
  visit(nodes, false);
  return problems;
}

function checkPath(path: Path, byName: ReadonlyMap<string, VariableDefinition>, inItem: boolean, condition: boolean): string[] {
  const [head, field] = path;
  const shown = path.join('.');
  if (inItem && field === undefined && ITEM_FIELDS.includes(head)) {
    return head === 'accessible' && !condition ? [`{{accessible}} is yes/no: use {{#if accessible}}...{{/if}}.`] : [];
  }
  const definition = byName.get(head);
  if (!definition) return [`{{${shown}}} names no declared variable${inItem ? ' or place field' : ''}.`];
  if (field === undefined) return [];
  const fields = FIELDS_BY_TYPE[definition.type];
  if (!fields.includes(field)) {
    return [`{{${shown}}}: a ${definition.type} has ${fields.length > 0 ? `the fields ${fields.join(', ')}` : 'no fields'}.`];
  }
  return [];
}
