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

export const IMPORT_BATCH = 5000;
/** Beyond this, further bad rows are counted but not listed. */
const MAX_LISTED_ERRORS = 1000;

/** Bulk import of subscribers from CSV or NDJSON, streamed, in batches, in one transaction. */
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
      const result = { imported: 0, duplicates: 0, rejected: 0, errors: [] as ImportResult['errors'] };
      // Phones and emails of the current batch: one twice in one statement is refused by ON CONFLICT, and
      // across batches the second one simply updates the first (or is refused: an email of someone else).
      const seen = new Set<string>();
      let batch: ImportRow[] = [];
      const reject = (line: number, reason: string) => {
        result.rejected += 1;
        if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push({ line, reason });
      };
      const flush = async () => {
        const done = await this.repository.upsertBatch(manager, batch);
        result.imported += done.inserted;
        result.duplicates += done.updated;
        for (const { line, reason } of done.rejected) reject(line, reason);
        batch = [];
        seen.clear();
      };
      for await (const { line, text } of numberedLines(source)) {
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
