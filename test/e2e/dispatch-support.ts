import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface WorkerBuild {
  entry: string;
  /** The output folder (holds src/ and migrations/ as JavaScript). */
  outDir: string;
  remove(): Promise<void>;
}

/**
 * Compiles src/ with the project's build settings into a private folder (inside node_modules, so
 * packages resolve), the same JavaScript `npm run build` puts in dist/, without racing other specs
 * or engineers over dist/.
 */
export async function buildWorker(): Promise<WorkerBuild> {
  const outDir = path.join(ROOT, 'node_modules', '.cache', `beacon-dispatch-${process.pid}-${randomBytes(3).toString('hex')}`);
  await mkdir(outDir, { recursive: true });
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  // Type errors elsewhere in the tree do not stop the emit; a missing entry does.
  await new Promise<void>((resolve) => execFile(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir, '--sourceMap', 'false'], { cwd: ROOT }, () => resolve()));
  const entry = path.join(outDir, 'src', 'worker.js');
  if (!existsSync(entry)) throw new Error(`the build did not produce ${entry}`);
  await writeFile(path.join(outDir, 'package.json'), JSON.stringify({ type: 'module' }));
  return { entry, outDir, remove: () => rm(outDir, { recursive: true, force: true }) };
}

export interface SimulatorProcess {
  url: string;
  stop(): Promise<void>;
}

/**
 * The WhatsApp simulator in a process of its own (bench/dispatch-simulator.mjs on this build),
 * keeping every message and posting signed status webhooks to `webhookUrl` with Beacon's default
 * simulator secrets.
 */
export async function startSimulatorProcess(build: WorkerBuild, webhookUrl: string): Promise<SimulatorProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bench', 'dispatch-simulator.mjs')], {
    env: {
      PATH: process.env.PATH ?? '',
      BEACON_BUILD: build.outDir,
      WEBHOOK_URL: webhookUrl,
      WHATSAPP_ACCESS_TOKEN: 'simulator-token',
      WHATSAPP_APP_SECRET: 'simulator-app-secret',
      SIMULATOR_STORE: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error('the simulator process exited before listening')));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `node <build>/src/worker.js` and resolves once it has started claiming. */
export async function startWorker(build: WorkerBuild, env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, [build.entry], {
    env: { PATH: process.env.PATH ?? '', BEACON_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const started = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (chunk.toString().includes('Beacon worker started')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    void exited.then((code) => reject(new Error(`worker exited (${code}) before starting: ${output.join('')}`)));
  });
  await started;
  return {
    child,
    output,
    exited,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** Inserts `count` active subscribers (WhatsApp only unless `channels` says otherwise) inside lon 10.1..10.3, lat 50.1..50.3 (in the test area, off its hole). */
export async function seedSubscribers(databaseUrl: string, count: number, prefix = '+4479', channels: readonly string[] = ['whatsapp']): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(
      `WITH s AS (
         INSERT INTO subscriber (phone, language, channels, consent_source, consent_at)
         SELECT $2 || lpad(i::text, 8, '0'), 'en', $3::text[], 'test-seed', now() FROM generate_series(1, $1::int) i
         RETURNING id)
       INSERT INTO subscriber_location (subscriber_id, position)
       SELECT id, point(10.1 + random() * 0.2, 50.1 + random() * 0.2) FROM s`,
      [count, prefix, channels],
    );
  } finally {
    await client.end();
  }
}

export async function query<T extends pg.QueryResultRow>(databaseUrl: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The most messages inside any window [t, t + windowMs) starting at a message. */
export function busiestWindow(times: readonly number[], windowMs = 1000): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    while (end < sorted.length && sorted[end]! < sorted[start]! + windowMs) end++;
    best = Math.max(best, end - start);
  }
  return best;
}
