import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { ImportRowReader, type ImportRow } from './import-row.js';
import { numberedLines } from './lines.js';
import { SubscriberImportRepository } from './subscriber-import.repository.js';

export interface ImportResult {
  imported: number;
  /** Rows whose phone was already registered (updated in place) or repeated earlier in the file. */
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
      // Phones of the current batch: a phone twice in one statement is refused by ON CONFLICT, and across
      // batches the second one simply updates the first.
      const seen = new Set<string>();
      let batch: ImportRow[] = [];
      const flush = async () => {
        const done = await this.repository.upsertBatch(manager, batch);
        result.imported += done.inserted;
        result.duplicates += done.updated;
        batch = [];
        seen.clear();
      };
      for await (const { line, text } of numberedLines(source)) {
        const read = reader.read(line, text);
        if ('skip' in read) continue;
        if ('error' in read) {
          result.rejected += 1;
          if (result.errors.length < MAX_LISTED_ERRORS) result.errors.push({ line, reason: read.error });
          continue;
        }
        if (seen.has(read.row.phone)) {
          result.duplicates += 1;
          continue;
        }
        seen.add(read.row.phone);
        batch.push(read.row);
        if (batch.length >= IMPORT_BATCH) await flush();
      }
      await flush();
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
