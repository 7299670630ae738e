import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { CapError } from './cap.errors.js';

/** An XML element with its namespace resolved; `text` is its own character data, entities decoded. */
export interface XmlElement {
  namespace: string | undefined;
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

type OrderedNode = Record<string, unknown>;

const PARSER = new XMLParser({
  preserveOrder: true,
  // No entity expansion at all: a DTD is refused before parsing, and the five predefined entities
  // and character references are decoded below, where an unknown entity is an error.
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false,
  cdataPropName: '#cdata',
  maxNestedTags: 32,
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Parses an XML document without a DTD into a namespace-aware tree. Refuses any DOCTYPE or ENTITY
 * declaration (XXE, billion laughs), malformed XML and undefined entities, each with a CapError.
 */
export function parseXmlDocument(source: string): XmlElement {
  if (source.trim() === '') throw new CapError('cap.empty_body', 'The request body is empty; send a CAP 1.2 XML document.');
  if (/<!DOCTYPE/i.test(source) || /<!ENTITY/i.test(source)) {
    throw new CapError('cap.doctype_forbidden', 'DOCTYPE and ENTITY declarations are not allowed in a CAP document.');
  }
  const validation = XMLValidator.validate(source);
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    throw new CapError('cap.malformed', `The document is not well-formed XML: ${msg}`, { line, col });
  }
  const nodes = PARSER.parse(source) as OrderedNode[];
  const roots = nodes.filter((node) => elementName(node) !== undefined);
  const strayText = nodes.some((node) => typeof node['#text'] === 'string' && node['#text'].trim() !== '');
  if (roots.length !== 1 || strayText) throw new CapError('cap.malformed', 'The document must have exactly one root element.');
  return toElement(roots[0]!, new Map());
}

function elementName(node: OrderedNode): string | undefined {
  return Object.keys(node).find((key) => key !== ':@' && key !== '#text' && key !== '#cdata');
}

function toElement(node: OrderedNode, inherited: ReadonlyMap<string, string>): XmlElement {
  const qname = elementName(node)!;
  const rawAttributes = (node[':@'] ?? {}) as Record<string, string>;
  const attributes: Record<string, string> = {};
  const scope = new Map(inherited);
  for (const [name, value] of Object.entries(rawAttributes)) {
    const decoded = decodeEntities(value);
    if (name === 'xmlns') scope.set('', decoded);
    else if (name.startsWith('xmlns:')) scope.set(name.slice(6), decoded);
    else attributes[name] = decoded;
  }
  const colon = qname.indexOf(':');
  const prefix = colon < 0 ? '' : qname.slice(0, colon);
  const namespace = scope.get(prefix);
  if (prefix !== '' && namespace === undefined) throw new CapError('cap.malformed', `The namespace prefix "${prefix}" of <${qname}> is not declared.`);
  const element: XmlElement = { namespace: namespace === '' ? undefined : namespace, name: qname.slice(colon + 1), attributes, children: [], text: '' };
  for (const child of (node[qname] ?? []) as OrderedNode[]) {
    if (typeof child['#text'] === 'string') element.text += decodeEntities(child['#text']);
    else if (Array.isArray(child['#cdata'])) element.text += (child['#cdata'] as OrderedNode[]).map((part) => (typeof part['#text'] === 'string' ? part['#text'] : '')).join('');
    else if (elementName(child) !== undefined) element.children.push(toElement(child, scope));
  }
  return element;
}

function decodeEntities(text: string): string {
  return text.replace(/&([^;\s&]{0,32});|&/g, (match, reference: string | undefined) => {
    if (reference === undefined) throw new CapError('cap.malformed', 'A bare "&" must be written as &amp;.');
    const predefined = PREDEFINED[reference];
    if (predefined !== undefined) return predefined;
    const code = /^#x[0-9a-f]{1,6}$/i.test(reference) ? parseInt(reference.slice(2), 16) : /^#[0-9]{1,7}$/.test(reference) ? Number(reference.slice(1)) : NaN;
    if (Number.isNaN(code)) throw new CapError('cap.malformed', `The entity ${match} is not defined; only &amp; &lt; &gt; &quot; &apos; and character references are allowed.`);
    if (!isXmlChar(code)) throw new CapError('cap.malformed', `The character reference ${match} is not an allowed XML character.`);
    return String.fromCodePoint(code);
  });
}

function isXmlChar(code: number): boolean {
  return code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
}
