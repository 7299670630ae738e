/**
 * Splits text chunks into lines (LF or CRLF) without holding the whole input: `push` returns the
 * lines a chunk completes, `end` the last one if the input does not end with a newline. Lines are
 * numbered from 1 by the caller, in the order they come.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private pending = '';

  push(chunk: Buffer | string): string[] {
    const text = this.pending + (typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    const lines: string[] = [];
    let start = 0;
    let newline = text.indexOf('\n');
    while (newline >= 0) {
      lines.push(withoutCr(text, start, newline));
      start = newline + 1;
      newline = text.indexOf('\n', start);
    }
    this.pending = text.slice(start);
    return lines;
  }

  end(): string | undefined {
    const text = this.pending + this.decoder.decode();
    this.pending = '';
    return text.length > 0 ? withoutCr(text, 0, text.length) : undefined;
  }
}

function withoutCr(text: string, start: number, end: number): string {
  return text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
}

/** Numbered lines of a stream of chunks, one at a time (see LineSplitter). */
export async function* numberedLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<{ line: number; text: string }> {
  const splitter = new LineSplitter();
  let line = 0;
  for await (const chunk of chunks) {
    for (const text of splitter.push(chunk)) yield { line: ++line, text };
  }
  const last = splitter.end();
  if (last !== undefined) yield { line: line + 1, text: last };
}

/**
 * One CSV record (RFC 4180 quoting: `"a, b"`, `""` for a quote), fields trimmed. A quoted field may
 * not span lines: each line is one record, so an error can name its line.
 */
export function splitCsv(text: string): string[] | string {
  // Most lines quote nothing: the native split is several times faster than reading characters.
  if (!text.includes('"')) return text.split(',').map((field) => field.trim());
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
