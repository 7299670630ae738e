import type { TestProject } from 'vitest/node';
import { startTestServer } from './test-server.js';

/**
 * One PostgreSQL server for the whole run: the server at TEST_DATABASE_URL, or an embedded one.
 * A migrated template database is made once; each spec file clones it (see database.ts).
 */
export default async function setup(project: TestProject) {
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
