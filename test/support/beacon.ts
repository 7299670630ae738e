import type { INestApplication } from '@nestjs/common';
import supertest from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createApp, listen } from '../../src/app.factory.js';
import { JsonLogger } from '../../src/common/json-logger.js';
import { loadConfig } from '../../src/config/config.js';
import type { Role } from '../../src/auth/roles.js';
import { createTestDatabase, type TestDatabase } from './database.js';

export const ADMIN_KEY = 'bk_test_bootstrap_admin_key_0123456789';

export interface Beacon {
  app: INestApplication;
  url: string;
  db: TestDatabase;
  http: TestAgent;
  logs: string[];
  /** `Authorization` header value for a key. */
  auth(key: string): { Authorization: string };
  createOperator(name: string, roles: Role[]): Promise<string>;
  close(): Promise<void>;
  /** Closes the application only, keeping its database for inspection. */
  stopApp(): Promise<void>;
}

/** The whole application on a real port, on its own database, with the built-in simulator. */
export async function startBeacon(env: Record<string, string> = {}): Promise<Beacon> {
  const db = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    PORT: '0',
    HOST: '127.0.0.1',
    BEACON_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    BEACON_LOG_LEVEL: 'info',
    SIMULATOR_DELIVER_DELAY_MS: '10',
    SIMULATOR_READ_DELAY_MS: '30',
    BEACON_IDLE_POLL_MS: '50',
    BEACON_SEND_RATE: '1000',
    BEACON_SEND_BURST: '1000',
    // As with the embedded server by default: connections run as the application role (no UPDATE/DELETE on audit_event).
    BEACON_DB_APP_ROLE: 'beacon_app',
    ...env,
  });
  const logs: string[] = [];
  const echo = process.env.BEACON_TEST_LOG === "1";
  const app = await createApp(config, new JsonLogger(config.logLevel, (line) => (echo ? process.stderr.write(line + "\n") : logs.push(line))));
  const { url } = await listen(app, 0, '127.0.0.1');
  const http = supertest(url);
  const auth = (key: string) => ({ Authorization: `Bearer ${key}` });
  return {
    app,
    url,
    db,
    http,
    logs,
    auth,
    async createOperator(name, roles) {
      const response = await http.post('/api/v1/operators').set(auth(ADMIN_KEY)).send({ name, roles }).expect(201);
      return (response.body as { apiKey: string }).apiKey;
    },
    async close() {
      await app.close();
      await db.drop();
    },
    async stopApp() {
      await app.close();
    },
  };
}

/** Polls until `check` returns a value that is not undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}
