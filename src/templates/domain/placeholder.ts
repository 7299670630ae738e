/**
 * The placeholder syntax, small on purpose:
 *   {{name}}  {{place.address}}                       a value (formatted for the language)
 *   {{#each shelters}} {{name}} {{capacity}} {{/each}} one pass per place of a list
 *   {{#if name}} ... {{else}} ... {{/if}}              whether an optional value is present / true
 * No expressions, no helpers, no code: a placeholder is a name and at most one field.
 */
export type TemplateNode =
  | { kind: 'text'; text: string }
  | { kind: 'value'; path: Path }
  | { kind: 'each'; list: string; body: TemplateNode[] }
  | { kind: 'if'; path: Path; then: TemplateNode[]; otherwise: TemplateNode[] };

/** A variable name, optionally with one field: `['shelter', 'address']`. */
export type Path = readonly [string] | readonly [string, string];

export class PlaceholderSyntaxError extends Error {}

const PATH = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/;
const MAX_DEPTH = 4;

type Tag =
  | { kind: 'value'; path: Path }
  | { kind: 'open-each'; list: string }
  | { kind: 'open-if'; path: Path }
  | { kind: 'else' }
  | { kind: 'close'; block: 'each' | 'if' };

interface Frame {
  block: 'root' | 'each' | 'if';
  nodes: TemplateNode[];
  node?: Extract<TemplateNode, { kind: 'each' | 'if' }>;
  inElse?: boolean;
}

export function parseTemplate(source: string): TemplateNode[] {
  const root: Frame = { block: 'root', nodes: [] };
  const stack: Frame[] = [root];
  let position = 0;
  while (position < source.length) {
    const open = source.indexOf('{{', position);
    if (open === -1) {
      pushText(stack, source.slice(position));
      break;
    }
    pushText(stack, source.slice(position, open));
    const close = source.indexOf('}}', open + 2);
    if (close === -1) throw new PlaceholderSyntaxError(`"{{" at character ${open} is never closed with "}}".`);
    applyTag(stack, parseTag(source.slice(open + 2, close).trim(), open));
    position = close + 2;
  }
  const unclosed = stack[stack.length - 1]!;
  if (unclosed.block !== 'root') throw new PlaceholderSyntaxError(`{{#${unclosed.block}}} is never closed with {{/${unclosed.block}}}.`);
  return root.nodes;
}

function parseTag(inner: string, at: number): Tag {
  const fail = () => new PlaceholderSyntaxError(`"{{${inner}}}" at character ${at} is not a placeholder (use {{name}}, {{name.field}}, {{#each list}}, {{#if name}}, {{else}}, {{/each}}, {{/if}}).`);
  if (inner === 'else') return { kind: 'else' };
  if (inner === '/each' || inner === '/if') return { kind: 'close', block: inner.slice(1) as 'each' | 'if' };
  const block = /^#(each|if)\s+(\S+)$/.exec(inner);
  if (block) {
    const [, keyword, target = ''] = block;
    if (!PATH.test(target)) throw fail();
    if (keyword === 'each') {
      if (target.includes('.')) throw fail();
      return { kind: 'open-each', list: target };
    }
    return { kind: 'open-if', path: toPath(target) };
  }
  if (!PATH.test(inner)) throw fail();
  return { kind: 'value', path: toPath(inner) };
}

function toPath(text: string): Path {
  const [head = '', field] = text.split('.');
  return field === undefined ? [head] : [head, field];
}

function applyTag(stack: Frame[], tag: Tag): void {
  const top = stack[stack.length - 1]!;
  switch (tag.kind) {
    case 'value':
      top.nodes.push({ kind: 'value', path: tag.path });
      return;
    case 'open-each':
    case 'open-if': {
      if (stack.length > MAX_DEPTH) throw new PlaceholderSyntaxError(`Blocks nest at most ${MAX_DEPTH} deep.`);
      const node: Extract<TemplateNode, { kind: 'each' | 'if' }> =
        tag.kind === 'open-each' ? { kind: 'each', list: tag.list, body: [] } : { kind: 'if', path: tag.path, then: [], otherwise: [] };
      top.nodes.push(node);
      stack.push({ block: node.kind, nodes: node.kind === 'each' ? node.body : node.then, node });
      return;
    }
    case 'else':
      if (top.block !== 'if' || top.inElse || top.node?.kind !== 'if') throw new PlaceholderSyntaxError('{{else}} belongs inside {{#if}}, once.');
      top.inElse = true;
      top.nodes = top.node.otherwise;
      return;
    case 'close':
      if (top.block !== tag.block) throw new PlaceholderSyntaxError(`{{/${tag.block}}} closes nothing open (open: ${top.block === 'root' ? 'none' : `{{#${top.block}}}`}).`);
      stack.pop();
      return;
  }
}

function pushText(stack: Frame[], text: string): void {
  if (text === '') return;
  if (text.includes('}}')) throw new PlaceholderSyntaxError('"}}" without a matching "{{".');
  stack[stack.length - 1]!.nodes.push({ kind: 'text', text });
}
