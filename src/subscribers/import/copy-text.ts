/**
 * PostgreSQL COPY text format: one line per row, fields separated by tabs, `\N` for NULL, and
 * backslash, tab, newline and carriage return escaped with a backslash.
 */
const COPY_SPECIAL = /[\\\t\n\r]/;
const ARRAY_SPECIAL = /[\\"]/;

export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** An array literal (`{"a","b"}`, NULL elements unquoted) as one COPY field. */
export function copyArray(values: readonly (string | null)[]): string {
  let literal = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (i > 0) literal += ',';
    literal += v === null ? 'NULL' : ARRAY_SPECIAL.test(v) ? `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"` : `"${v}"`;
  }
  return copyField(`${literal}}`);
}

export function copyRow(fields: readonly string[]): string {
  return `${fields.join('\t')}\n`;
}
