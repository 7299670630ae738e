import { DataSource, type EntityManager } from 'typeorm';

export interface SqlResult<T> {
  rows: T[];
  affected: number;
}

/**
 * Runs one statement and returns its rows and affected count in one shape. TypeORM's plain
 * `query()` answers UPDATE/DELETE with `[rows, count]` but SELECT with `rows`; this does not.
 * With a transactional EntityManager the statement runs inside that transaction.
 */
export async function runSql<T = Record<string, unknown>>(executor: DataSource | EntityManager, sql: string, params: unknown[] = []): Promise<SqlResult<T>> {
  const own = executor instanceof DataSource ? executor.createQueryRunner() : executor.queryRunner ? null : executor.connection.createQueryRunner();
  const runner = own ?? (executor as EntityManager).queryRunner!;
  try {
    const result = await runner.query(sql, params, true);
    return { rows: (result.records ?? []) as T[], affected: result.affected ?? result.records?.length ?? 0 };
  } finally {
    if (own) await own.release();
  }
}
