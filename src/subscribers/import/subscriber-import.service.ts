import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { ImportRowReader, type ImportRow } from './import-row.js';
import { numberedLines } from './lines.js';
import { SubscriberImportRepository } from './subscriber-import.repository.js';

export interface ImportResult {
  imported: number;
  /** Rows whose phone (or, without one, email) was already registered (updated in place), or whose phone or email repeats an earlier row of the file. */
  duplicates: number;
  errors: { line: number; reason: string }[];
}

/** Rows per COPY and per upsert statement. */
export const IMPORT_BATCH = 10_000;
/** Lines read between two turns of the event loop. */
const YIELD_EVERY = 500;
/** Beyond this, further bad rows are counted but not listed. */
const MAX_LISTED_ERRORS = 1000;

/**
 * Bulk import of subscribers from CSV or NDJSON, streamed, in batches, in one transaction. Rows are
 * read and checked here (each bad one reported with its line number) while the database writes the
 * previous batch: one batch at a time in the database, in file order.
 */
@Injectable()
export class SubscriberImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: SubscriberImportRepository,
    private readonly audit: AuditService,
  ) {}

  async import(actor: string, format: 'csv' | 'ndjson', source: AsyncIterable<Buffer | string>, now = new Date()): Promise<ImportResult & { rejected: number }> {
    const reader = new ImportRowReader(format, now);
    return this.dataSource.transaction(async (manager) => {
      await this.repository.begin(manager);
      const result = { imported: 0, duplicates: 0, rejected: 0, errors: [] as ImportResult['errors'] };
      // Phones and emails of the current batch: one twice in one statement is refused by ON CONFLICT, and
      // across batches the second one simply updates the first (or is refused: an email of someone else).
      const seen = new Set<string>();
      let batch: ImportRow[] = [];
      const reject = (line: number, reason: string) => {
        result.rejected += 1;
        if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push({ line, reason });
      };
      let writing: Promise<void> = Promise.resolve();
      const flush = async () => {
        const rows = batch;
        batch = [];
        seen.clear();
        await writing;
        writing = this.repository.upsertBatch(manager, rows).then((done) => {
          result.imported += done.inserted;
          result.duplicates += done.updated;
          for (const { line, reason } of done.rejected) reject(line, reason);
        });
        // A failure surfaces at the next flush (or the end); until then reading goes on.
        writing.catch(() => undefined);
      };
      for await (const { line, text } of numberedLines(source)) {
        // Reading a body already in memory never waits: give the database's replies a turn now and then.
        if (line % YIELD_EVERY === 0) await new Promise(setImmediate);
        const read = reader.read(line, text);
        if ('skip' in read) continue;
        if ('error' in read) {
          reject(line, read.error);
          continue;
        }
        const keys = [read.row.phone, read.row.email].filter((key): key is string => key !== null);
        if (keys.some((key) => seen.has(key))) {
          result.duplicates += 1;
          continue;
        }
        for (const key of keys) seen.add(key);
        batch.push(read.row);
        if (batch.length >= IMPORT_BATCH) await flush();
      }
      await flush();
      await writing;
      // A batch's refusals arrive after the lines read since: keep the list in file order.
      result.errors.sort((a, b) => a.line - b.line);
      await this.audit.record(manager, {
        actor,
        action: 'subscribers.imported',
        subjectType: 'subscriber',
        subjectId: 'import',
        data: { format, imported: result.imported, duplicates: result.duplicates, rejected: result.rejected },
      });
      return result;
    });
  }
}
