import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { createDataSource } from '../../src/database/data-source.js';
import { adminQuery, withDatabase } from './test-server.js';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, migrated database for one spec file, cloned from the template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  const name = `${template.replace('template', 'spec')}_${randomBytes(4).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  // TypeORM finds a generated column's expression by database name: the clone's rows carry the template's.
  await adminQuery(withDatabase(adminUrl, name), `UPDATE typeorm_metadata SET database = current_database()`);
  return {
    url: withDatabase(adminUrl, name),
    name,
    drop: async () => {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

export async function connect(db: TestDatabase): Promise<DataSource> {
  const dataSource = createDataSource(db.url, 4);
  await dataSource.initialize();
  return dataSource;
}
