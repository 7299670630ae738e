/** CAP 1.2 date-times: "2026-09-12T09:39:00-04:00", always with a numeric offset and no fraction. */
const CAP_TIME = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/**
 * A date-time as the CAP schema wants it, or undefined when the text is not one. Producers that
 * write "Z" or fractions of a second are accepted and normalised ("+00:00", whole seconds).
 */
export function normalizeCapTime(text: string): string | undefined {
  const match = CAP_TIME.exec(text.trim());
  if (!match) return undefined;
  const [, local, , zone] = match;
  const normalized = `${local}${zone === 'Z' ? '+00:00' : zone}`;
  return Number.isNaN(Date.parse(normalized)) ? undefined : normalized;
}

/** A Date as a CAP date-time in UTC ("+00:00"). */
export function formatCapTime(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+00:00`;
}
