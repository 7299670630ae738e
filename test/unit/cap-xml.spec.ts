import { describe, expect, it } from 'vitest';
import { CapError } from '../../src/alerts/cap/cap.errors.js';
import { readCapAlert } from '../../src/alerts/cap/cap-reader.js';
import { writeCap } from '../../src/alerts/cap/cap-writer.js';
import { parseXmlDocument } from '../../src/alerts/cap/xml-tree.js';

const NS = 'urn:oasis:names:tc:emergency:cap:1.2';

function refusal(run: () => unknown): { code: string; path?: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof CapError) return { code: error.code, path: (error.details as { path?: string } | undefined)?.path };
    throw error;
  }
  throw new Error('expected a CapError');
}

const minimal = (body: string, root = `<alert xmlns="${NS}">`, close = '</alert>') =>
  `<?xml version="1.0"?>${root}<identifier>id-1</identifier><sender>s@example.org</sender><sent>2026-01-02T03:04:05Z</sent>` +
  `<status>Actual</status><msgType>Alert</msgType><scope>Public</scope>${body}${close}`;

const INFO = '<info><category>Met</category><event>Storm</event><urgency>Expected</urgency><severity>Moderate</severity><certainty>Likely</certainty></info>';

describe('parseXmlDocument', () => {
  it('resolves prefixed and default namespaces', () => {
    const root = parseXmlDocument(`<cap:alert xmlns:cap="${NS}"><cap:identifier>x</cap:identifier><Signature xmlns="http://www.w3.org/2000/09/xmldsig#"/></cap:alert>`);
    expect(root).toMatchObject({ namespace: NS, name: 'alert' });
    expect(root.children.map((child) => [child.namespace, child.name])).toEqual([
      [NS, 'identifier'],
      ['http://www.w3.org/2000/09/xmldsig#', 'Signature'],
    ]);
  });

  it('decodes the predefined entities and character references, keeps CDATA as it is', () => {
    const root = parseXmlDocument('<a>x &amp; y &lt;&#65;&#x42;&gt; <![CDATA[&amp; <raw>]]></a>');
    expect(root.text).toBe('x & y <AB> &amp; <raw>');
  });

  it.each([
    ['<!DOCTYPE a><a/>', 'cap.doctype_forbidden'],
    ['<a><!ENTITY x "y"></a>', 'cap.doctype_forbidden'],
    ['<a>&nbsp;</a>', 'cap.malformed'],
    ['<a>&#0;</a>', 'cap.malformed'],
    ['<p:a/>', 'cap.malformed'],
    ['<a></b>', 'cap.malformed'],
    ['<a/><b/>', 'cap.malformed'],
    ['   ', 'cap.empty_body'],
  ])('refuses %s with %s', (xml, code) => {
    expect(refusal(() => parseXmlDocument(xml)).code).toBe(code);
  });
});

describe('readCapAlert', () => {
  it('reads a minimal message with a prefixed namespace; language defaults to en-US; Z becomes +00:00', () => {
    const xml = minimal(INFO.replace(/<(\/?)/g, '<$1cap:'), `<cap:alert xmlns:cap="${NS}">`, '</cap:alert>').replace(/<(\/?)(identifier|sender|sent|status|msgType|scope)>/g, '<$1cap:$2>');
    const { message, notes } = readCapAlert(parseXmlDocument(xml));
    expect(message).toMatchObject({ identifier: 'id-1', sent: '2026-01-02T03:04:05+00:00', codes: [], infos: [{ language: 'en-US', categories: ['Met'], responseTypes: [] }] });
    expect(notes).toEqual({ dropped: [], warnings: [] });
  });

  it('reports unknown and unsupported elements as dropped, with their paths', () => {
    const xml = minimal(`<restriction>staff</restriction><foo>bar</foo><x:ext xmlns:x="urn:other"/>${INFO.replace('</info>', '<resource><resourceDesc>map</resourceDesc><mimeType>image/png</mimeType></resource></info>')}`);
    const { notes } = readCapAlert(parseXmlDocument(xml));
    expect(notes.dropped.map((note) => note.path)).toEqual(['alert/restriction[1]', 'alert/foo[1]', 'alert/ext[1]', 'alert/info[1]/resource[1]']);
  });

  it.each([
    [minimal(INFO.replace('Expected', 'Soon')), 'alert/info[1]/urgency'],
    [minimal(INFO.replace('<category>Met</category>', '')), 'alert/info[1]/category'],
    [minimal(INFO.replace('<event>Storm</event>', '<event>  </event>')), 'alert/info[1]/event'],
    [minimal(INFO).replace('<identifier>id-1</identifier>', '<identifier>id 1</identifier>'), 'alert/identifier'],
    [minimal(INFO).replace('2026-01-02T03:04:05Z', '2026-13-02T03:04:05Z'), 'alert/sent'],
    [minimal(`<note>a</note><note>b</note>${INFO}`), 'alert/note'],
    [minimal(INFO.replace('</info>', '<area><areaDesc>x</areaDesc><circle>50,10</circle></area></info>')), 'alert/info[1]/area[1]/circle[1]'],
  ])('refuses an invalid document naming %#: %s', (xml, path) => {
    expect(refusal(() => readCapAlert(parseXmlDocument(xml)))).toEqual({ code: 'cap.invalid', path });
  });

  it('refuses another namespace', () => {
    expect(refusal(() => readCapAlert(parseXmlDocument(minimal(INFO).replace(NS, 'urn:oasis:names:tc:emergency:cap:1.1')))).code).toBe('cap.wrong_namespace');
  });
});

describe('writeCap', () => {
  it('writes what it reads back, escaping markup', () => {
    const { message } = readCapAlert(parseXmlDocument(minimal(INFO.replace('<event>Storm</event>', '<event>Storm &amp; &lt;hail&gt;</event>'))));
    const written = writeCap(message);
    expect(written).toContain('<event>Storm &amp; &lt;hail&gt;</event>');
    expect(readCapAlert(parseXmlDocument(written)).message).toEqual(message);
  });
});
