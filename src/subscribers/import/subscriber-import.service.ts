import { Injectable } from '@nestjs/common';
import { DataSource, QueryFailedError } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { ImportConflictError } from '../subscribers.errors.js';
import { ImportRowReader } from './import-row.js';
import { LineSplitter } from './lines.js';
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
const YIELD_EVERY = 100;
/** Beyond this, further bad rows are counted but not listed. */
const MAX_LISTED_ERRORS = 1000;

/**
 * Bulk import of subscribers from CSV or NDJSON, streamed, in batches, in one transaction. Rows are
 * read and checked here (each bad one reported with its line number) and written as COPY text while
 * the database writes the previous batch: one batch at a time in the database, in file order.
 */
@Injectable()
export class SubscriberImportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: SubscriberImportRepository,
    private readonly audit: AuditService,
  ) {}

  async import(actor: string, format: 'csv' | 'ndjson', source: AsyncIterable<Buffer | string>, now = new Date()): Promise<ImportResult & { rejected: number }> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await this.repository.begin(manager);
        const reader = new ImportRowReader(format, now);
        const result = { imported: 0, duplicates: 0, rejected: 0, errors: [] as ImportResult['errors'] };
        const reject = (line: number, reason: string) => {
          result.rejected += 1;
          if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push({ line, reason });
        };
        let batch = this.repository.newBatch();
        let writing: Promise<void> = Promise.resolve();
        const flush = async () => {
          const rows = batch;
          batch = this.repository.newBatch();
          await writing;
          writing = this.repository.upsertBatch(manager, rows).then((done) => {
            result.imported += done.inserted;
            result.duplicates += done.updated;
            for (const { line, reason } of done.rejected) reject(line, reason);
          });
          // A failure surfaces at the next flush (or the end); until then reading goes on.
          writing.catch(() => undefined);
        };
        const take = (line: number, text: string) => {
          const read = reader.read(line, text);
          if ('skip' in read) return;
          if ('error' in read) reject(line, read.error);
          else if (!batch.add(read.row)) result.duplicates += 1;
        };
        const lines = new LineSplitter();
        let line = 0;
        for await (const chunk of source) {
          for (const text of lines.push(chunk)) {
            take(++line, text);
            if (batch.size >= IMPORT_BATCH) await flush();
            // Reading a body already in memory never waits: give the database's replies a turn now and then.
            else if (line % YIELD_EVERY === 0) await new Promise(setImmediate);
          }
        }
        const last = lines.end();
        if (last !== undefined) take(++line, last);
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
    } catch (error) {
      // New subscribers are inserted without ON CONFLICT (see SubscriberImportRepository).
      if (isUniqueViolation(error)) throw new ImportConflictError();
      throw error;
    }
  }
}

function isUniqueViolation(error: unknown): boolean {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: unknown }) : (error as { code?: unknown } | null);
  return driverError?.code === '23505';
}
