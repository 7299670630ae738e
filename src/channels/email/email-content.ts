import type { OutboundMessage } from '../channel.js';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const MAX_SUBJECT = 200;

/** The subject, plain text and HTML of an alert email. Every piece of alert text is escaped in the HTML. */
export function emailContent(message: Pick<OutboundMessage, 'text' | 'language' | 'subject'>): EmailContent {
  const subject = oneLine(message.subject ?? message.text.split(/\r?\n/, 1)[0] ?? '').slice(0, MAX_SUBJECT) || 'Alert';
  const paragraphs = message.text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => `<p>${escapeHtml(paragraph.trim()).replace(/\r?\n/g, '<br>\n')}</p>`)
    .join('\n');
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${escapeHtml(message.language)}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body dir="auto">',
    `<h1>${escapeHtml(subject)}</h1>`,
    paragraphs,
    '</body>',
    '</html>',
    '',
  ].join('\n');
  return { subject, text: message.text, html };
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
