import { escapeXml } from '../cap/cap-writer.js';

export interface AtomEntry {
  id: string;
  title: string;
  updated: Date;
  published: Date | null;
  summary: string;
  category: string;
  capUrl: string;
}

export interface AtomFeed {
  selfUrl: string;
  title: string;
  author: string;
  updated: Date;
  entries: AtomEntry[];
}

/** An Atom 1.0 (RFC 4287) feed whose entries link to their CAP 1.2 documents. */
export function writeAtom(feed: AtomFeed): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `  <id>${escapeXml(feed.selfUrl)}</id>`,
    `  <title>${escapeXml(feed.title)}</title>`,
    `  <updated>${feed.updated.toISOString()}</updated>`,
    `  <author><name>${escapeXml(feed.author)}</name></author>`,
    `  <link rel="self" type="application/atom+xml" href="${attribute(feed.selfUrl)}"/>`,
  ];
  for (const entry of feed.entries) {
    lines.push(
      '  <entry>',
      `    <id>${escapeXml(entry.id)}</id>`,
      `    <title>${escapeXml(entry.title)}</title>`,
      `    <updated>${entry.updated.toISOString()}</updated>`,
      ...(entry.published ? [`    <published>${entry.published.toISOString()}</published>`] : []),
      `    <summary>${escapeXml(entry.summary)}</summary>`,
      `    <category term="${attribute(entry.category)}"/>`,
      `    <link rel="alternate" type="application/cap+xml" href="${attribute(entry.capUrl)}"/>`,
      '  </entry>',
    );
  }
  lines.push('</feed>', '');
  return lines.join('\n');
}

function attribute(value: string): string {
  return escapeXml(value).replace(/"/g, '&quot;');
}
