import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import { connect, createTestDatabase, type TestDatabase } from '../support/database.js';

describe('schema', () => {
  let db: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    db = await createTestDatabase();
    dataSource = await connect(db);
  });
  afterAll(async () => {
    await dataSource.destroy();
    await db.drop();
  });

  it('entities and migrations describe the same schema', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    const statements = pending.upQueries.map((query) => query.query);
    expect(statements).toEqual([]);
  });

  it('every migration has been applied', async () => {
    expect(await dataSource.showMigrations()).toBe(false);
  });
});
