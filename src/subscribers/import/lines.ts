/** Splits a stream of text chunks into lines (LF or CRLF), numbered from 1, without holding the whole input. */
export async function* numberedLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<{ line: number; text: string }> {
  const decoder = new TextDecoder('utf-8');
  let pending = '';
  let line = 0;
  for await (const chunk of chunks) {
    pending += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let start = 0;
    let newline = pending.indexOf('\n', start);
    while (newline >= 0) {
      line += 1;
      yield { line, text: pending.slice(start, newline).replace(/\r$/, '') };
      start = newline + 1;
      newline = pending.indexOf('\n', start);
    }
    pending = pending.slice(start);
  }
  pending += decoder.decode();
  if (pending.length > 0) yield { line: line + 1, text: pending.replace(/\r$/, '') };
}

/**
 * One CSV record (RFC 4180 quoting: `"a, b"`, `""` for a quote). A quoted field may not span lines:
 * each line is one record, so an error can name its line.
 */
export function splitCsv(text: string): string[] | string {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  if (quoted) return 'unterminated quoted field';
  fields.push(field);
  return fields.map((f) => f.trim());
}
