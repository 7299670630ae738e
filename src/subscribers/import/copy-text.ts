/**
 * PostgreSQL COPY text format: one line per row, fields separated by tabs, `\N` for NULL, and
 * backslash, tab, newline and carriage return escaped with a backslash.
 */
export function copyField(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** An array literal (`{"a","b"}`, NULL elements unquoted) as one COPY field. */
export function copyArray(values: readonly (string | null)[]): string {
  const elements = values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`));
  return copyField(`{${elements.join(',')}}`);
}

export function copyRow(fields: readonly string[]): string {
  return `${fields.join('\t')}\n`;
}
