import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every depth, `undefined` members dropped and dates as ISO strings:
 * two values that mean the same serialise to the same bytes, whatever order their keys were built in.
 * Array order is kept (it can carry meaning: a ring's vertices); callers sort arrays that are sets.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value));
}

function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : canonical(item)));
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, member]) => [key, canonical(member)]));
  }
  return value;
}

/** SHA-256 (hex) of the canonical JSON of what an alert will send: what an approver approves. */
export function contentHash(content: unknown): string {
  return createHash('sha256').update(canonicalJson(content), 'utf8').digest('hex');
}
