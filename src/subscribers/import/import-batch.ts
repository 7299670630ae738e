import { copyArray, copyField } from './copy-text.js';
import type { ImportRow } from './import-row.js';
import type { TimeOrderedIds } from './time-ordered-id.js';

/** The columns of the staging table, in the order of a batch's COPY text. */
export const STAGED_COLUMNS = 'line, id, phone, email, language, channels, channel_list, tags, consent_source, consent_at, labels, positions';

/** COPY text is written into buffers of this many bytes, handed to the driver as they are. */
const PIECE = 256 * 1024;

/**
 * The rows of one batch as COPY text for the staging table, written as rows are added (while the
 * database still works on the previous batch), each with the id it gets if it is new. A batch holds
 * a phone or an email once: one statement cannot write a key twice, and a later batch simply
 * updates the subscriber an earlier one wrote.
 */
export class ImportBatch {
  private readonly keys = new Set<string>();
  /** The phones of its rows, the emails of rows with a phone, the emails of rows without one. */
  readonly phones: string[] = [];
  readonly emailsWithPhone: string[] = [];
  readonly emailsWithoutPhone: string[] = [];
  private readonly pieces: Buffer[] = [];
  private piece = Buffer.allocUnsafe(PIECE);
  private used = 0;
  private rows = 0;

  constructor(
    private readonly ids: TimeOrderedIds,
    private readonly isoTime: (at: Date) => string,
  ) {}

  get size(): number {
    return this.rows;
  }

  /** False, and nothing added, when the row's phone or email is already in this batch. */
  add(row: ImportRow): boolean {
    const { phone, email } = row;
    if ((phone !== null && this.keys.has(phone)) || (email !== null && this.keys.has(email))) return false;
    if (phone !== null) {
      this.keys.add(phone);
      this.phones.push(phone);
    }
    if (email !== null) {
      this.keys.add(email);
      (phone === null ? this.emailsWithoutPhone : this.emailsWithPhone).push(email);
    }
    // phone (E.164), language (BCP 47) and channels (fixed words) are validated: nothing to escape.
    const channels = row.channels.join(',');
    const text = `${row.line}\t${this.ids.next()}\t${phone ?? '\\N'}\t${copyField(email)}\t${row.language}\t{${channels}}\t${channels}\t${tags(row)}\t${copyField(row.consentSource)}\t${this.isoTime(row.consentAt)}\t${labels(row)}\t${positions(row)}\n`;
    // Written at once into a buffer: the batch keeps bytes, not millions of small strings for the
    // garbage collector to trace.
    if (this.used + 3 * text.length > this.piece.length) this.nextPiece(3 * text.length);
    this.used += this.piece.write(text, this.used);
    this.rows += 1;
    return true;
  }

  private nextPiece(atLeast: number): void {
    if (this.used > 0) this.pieces.push(this.piece.subarray(0, this.used));
    this.piece = Buffer.allocUnsafe(Math.max(PIECE, atLeast));
    this.used = 0;
  }

  /** The COPY text (UTF-8), in pieces. */
  copyText(): Buffer[] {
    return this.used > 0 ? [...this.pieces, this.piece.subarray(0, this.used)] : this.pieces;
  }
}

/** Tags are lower-case words, digits, - and _ (validated); quoted, as `null` is one. */
function tags(row: ImportRow): string {
  return row.tags.length === 0 ? '{}' : `{"${row.tags.join('","')}"}`;
}

/** NULL when no location has a label (unnest pads the shorter array with NULLs). */
function labels(row: ImportRow): string {
  const { locations } = row;
  return locations.every((l) => l.label === null) ? '\\N' : copyArray(locations.map((l) => l.label));
}

/** Point literals hold digits, signs, dots, parentheses and one comma: quoted, nothing to escape. */
function positions(row: ImportRow): string {
  const { locations } = row;
  if (locations.length === 1) return `{"${locations[0]!.position}"}`;
  return `{"${locations.map((l) => l.position).join('","')}"}`;
}
