import { DataSource } from 'typeorm';
import { ensureAppRole } from './app-role.js';
import { ENTITIES, MIGRATIONS } from './schema.js';

export interface DataSourceOptions {
  poolSize?: number;
  /** Every connection runs as this role (set at connection start-up, so no query runs before it). */
  role?: string;
}

export function createDataSource(url: string, poolSizeOrOptions: number | DataSourceOptions = {}): DataSource {
  const { poolSize = 20, role } = typeof poolSizeOrOptions === 'number' ? { poolSize: poolSizeOrOptions } : poolSizeOrOptions;
  return new DataSource({
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    uuidExtension: 'pgcrypto',
    poolSize,
    logging: false,
    // A startup option rather than a SET ROLE after connecting: a connection whose role cannot be
    // set fails instead of running as the owner, and RESET ROLE returns to this role.
    ...(role ? { extra: { options: `-c role=${role}` } } : {}),
  });
}

export interface OpenOptions {
  poolSize?: number;
  /** The application role (see ensureAppRole); undefined = run as the connecting user. */
  appRole?: string;
  warn?: (message: string) => void;
  log?: (message: string) => void;
}

/**
 * Connects as the owner and applies pending migrations; with an application role, makes sure of
 * the role and returns a pool that runs as it (the owner's connection is closed). The caller owns
 * destroy().
 */
export async function openDatabase(url: string, poolSizeOrOptions: number | OpenOptions = {}): Promise<DataSource> {
  const { poolSize, appRole, warn = () => {}, log = () => {} } = typeof poolSizeOrOptions === 'number' ? { poolSize: poolSizeOrOptions } : poolSizeOrOptions;
  const owner = createDataSource(url, appRole ? 2 : poolSize);
  await owner.initialize();
  await owner.runMigrations({ transaction: 'each' });
  if (!appRole) return owner;
  const outcome = await ensureAppRole(owner, appRole).finally(() => owner.destroy());
  if (!outcome.active) {
    warn(`Running as the connecting user, not as role ${appRole}: ${outcome.reason}`);
    const fallback = createDataSource(url, poolSize);
    await fallback.initialize();
    return fallback;
  }
  const app = createDataSource(url, { poolSize, role: appRole });
  await app.initialize();
  log(`Connections run as role ${appRole}`);
  return app;
}
