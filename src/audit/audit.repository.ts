import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { chain, type AuditEntry, type ChainedEvent } from './audit-chain.js';

/** A fixed key for the advisory lock that serialises appends to the chain. */
const CHAIN_LOCK = 7_240_318_551;

export interface AuditFilter {
  from?: Date;
  to?: Date;
  actor?: string;
  action?: string;
  subjectId?: string;
  /** Newest first, strictly before this seq (cursor). */
  beforeSeq?: number;
  limit: number;
}

/** Builds the WHERE clause shared by search and export; every value is a bind parameter. */
function filterSql(filter: Omit<AuditFilter, 'limit' | 'beforeSeq'>, params: unknown[]): string {
  const clauses: string[] = [];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.from) add('at >= ?', filter.from);
  if (filter.to) add('at < ?', filter.to);
  if (filter.actor) add('actor = ?', filter.actor);
  if (filter.action) add('action = ?', filter.action);
  if (filter.subjectId) add('subject_id = ?', filter.subjectId);
  return clauses.length > 0 ? clauses.join(' AND ') : 'TRUE';
}

interface AuditRow {
  seq: string;
  at: Date;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Appends inside the caller's transaction, so the event commits or rolls back with the change
   * it records. The transaction-scoped lock keeps the chain linear under concurrent writers.
   */
  async append(manager: EntityManager, entry: AuditEntry, at: Date = new Date()): Promise<ChainedEvent> {
    if (!manager.queryRunner?.isTransactionActive) throw new Error('audit append needs a transaction');
    await manager.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);
    const last: { seq: string; hash: string }[] = await manager.query('SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1');
    const previous = last[0] ? { seq: Number(last[0].seq), hash: last[0].hash } : null;
    const event = chain(previous, entry, at);
    await manager.query(
      `INSERT INTO audit_event (seq, at, actor, action, subject_type, subject_id, data, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [event.seq, event.at, event.actor, event.action, event.subjectType, event.subjectId, JSON.stringify(event.data), event.prevHash, event.hash],
    );
    return event;
  }

  /** Reads the chain (or the events matching a filter) in seq order, a page at a time (keyset pagination). */
  async *readChain(pageSize = 5000, filter: Omit<AuditFilter, 'limit' | 'beforeSeq'> = {}): AsyncGenerator<ChainedEvent[]> {
    let after = 0;
    for (;;) {
      const params: unknown[] = [after, pageSize];
      const where = filterSql(filter, params);
      const rows: AuditRow[] = await this.dataSource.query(
        `SELECT * FROM audit_event WHERE seq > $1 AND ${where} ORDER BY seq LIMIT $2`,
        params,
      );
      if (rows.length === 0) return;
      const events = rows.map(toEvent);
      yield events;
      after = events[events.length - 1]!.seq;
    }
  }

  async search(filter: AuditFilter): Promise<ChainedEvent[]> {
    const params: unknown[] = [filter.beforeSeq ?? Number.MAX_SAFE_INTEGER, filter.limit];
    const where = filterSql(filter, params);
    const rows: AuditRow[] = await this.dataSource.query(
      `SELECT * FROM audit_event WHERE seq < $1 AND ${where} ORDER BY seq DESC LIMIT $2`,
      params,
    );
    return rows.map(toEvent);
  }
}

function toEvent(row: AuditRow): ChainedEvent {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    data: row.data,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
