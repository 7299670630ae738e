import type { Piece, ValueFormatter } from './formatting.js';
import type { Path, TemplateNode } from './placeholder.js';
import type { PlaceItem, VariableValues } from './variable-values.js';

/** How literal text and values become output: plain text, or HTML with everything escaped. */
export interface Output {
  literal(text: string): string;
  value(piece: Piece): string;
}

export const FSI = '\u2068';
export const PDI = '\u2069';

/** Plain text; in a right-to-left language every value is a first-strong isolate, so a phone number or a Latin name keeps its own direction. */
export function plainOutput(rtl: boolean): Output {
  return {
    literal: (text) => text,
    value: (piece) => (rtl ? `${FSI}${piece.text}${PDI}` : piece.text),
  };
}

/** HTML: literal text and values escaped; URLs and phone numbers become links; values isolated with <bdi> in RTL. */
export function htmlOutput(rtl: boolean): Output {
  return {
    literal: (text) => escapeHtml(text).replace(/\n/g, '<br>\n'),
    value: (piece) => {
      const shown = escapeHtml(piece.text);
      const linked =
        piece.kind === 'url' ? `<a href="${shown}">${shown}</a>` : piece.kind === 'phone' ? `<a href="tel:${shown}">${shown}</a>` : shown;
      return rtl ? `<bdi>${linked}</bdi>` : linked;
    },
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

interface Scope {
  values: VariableValues;
  formatter: ValueFormatter;
  item?: { place: PlaceItem; index: number };
}

/** Renders parsed nodes; reads only declared values and known fields (no property lookup on objects). */
export function renderNodes(nodes: readonly TemplateNode[], values: VariableValues, formatter: ValueFormatter, output: Output): string {
  return renderWithin(nodes, { values, formatter }, output);
}

function renderWithin(nodes: readonly TemplateNode[], scope: Scope, output: Output): string {
  let result = '';
  for (const node of nodes) {
    switch (node.kind) {
      case 'text':
        result += output.literal(node.text);
        break;
      case 'value': {
        const piece = resolve(node.path, scope);
        if (piece) result += output.value(piece);
        break;
      }
      case 'if':
        result += renderWithin(resolve(node.path, scope) ? node.then : node.otherwise, scope, output);
        break;
      case 'each': {
        const list = scope.values.get(node.list);
        if (list?.type !== 'places') break;
        list.value.forEach((place, index) => {
          result += renderWithin(node.body, { ...scope, item: { place, index } }, output);
        });
        break;
      }
    }
  }
  return result;
}

const ITEM_FIELDS = new Set(['name', 'address', 'lat', 'lon', 'map', 'capacity', 'accessible', 'number']);

function resolve(path: Path, scope: Scope): Piece | undefined {
  const [head, field] = path;
  if (scope.item && field === undefined && ITEM_FIELDS.has(head)) {
    return scope.formatter.itemField(scope.item.place, scope.item.index, head);
  }
  const value = scope.values.get(head);
  return value === undefined ? undefined : scope.formatter.format(value, field);
}
