// Dispatch benchmark: 200,000 deliveries (BENCH_SCALE=0.1: 20,000) sent by Beacon's sender worker
// (claim, pace, send, record) to the WhatsApp simulator in its own process (webhooks off), against
// two baselines at the same concurrency on the same simulator: a bare undici (fetch) loop posting
// the same requests, and one pg-boss job per message. Run with `npm run bench -- dispatch`.
// BENCH_DATABASE_URL uses an existing server instead of an embedded one.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { ChannelRegistry } from '../dist/src/channels/channel-registry.js';
import { createWhatsAppAdapter } from '../dist/src/channels/channels.module.js';
import { buildTemplateMessage } from '../dist/src/channels/whatsapp/graph-api.js';
import { loadConfig } from '../dist/src/config/config.js';
import { openDatabase } from '../dist/src/database/data-source.js';
import { startEmbeddedPostgres } from '../dist/src/database/embedded-postgres.js';
import { DispatchRepository } from '../dist/src/dispatch/dispatch.repository.js';
import { DispatchSignals } from '../dist/src/dispatch/dispatch-signals.js';
import { PacingRepository } from '../dist/src/dispatch/pacing.repository.js';
import { SenderWorker } from '../dist/src/dispatch/sender.worker.js';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const MESSAGES = Math.round(200_000 * scale);
const SENDERS = ['100000000000001', '100000000000002', '100000000000003', '100000000000004'];
const PER_SENDER = 32;
const CONCURRENCY = SENDERS.length * PER_SENDER;
const log = (...args) => console.error('[bench:dispatch]', ...args);

async function startSimulator() {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'dispatch-simulator.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      const match = /listening (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') };
}

async function seed(db, count) {
  const { rows } = await db.query(`INSERT INTO dispatch_run (priority, messages, default_language, state) VALUES (20, '{"en":"Bench alert: move to higher ground now."}', 'en', 'paused') RETURNING id`);
  const runId = rows[0].id;
  await db.query(
    `INSERT INTO delivery (run_id, subscriber_id, channel, recipient, language, priority)
     SELECT $1, gen_random_uuid(), 'whatsapp', '+4479' || lpad(i::text, 8, '0'), 'en', 20 FROM generate_series(1, $2::int) i`,
    [runId, count],
  );
  await db.query('ANALYZE delivery');
  return runId;
}

async function beaconRun(dataSource, db, simulatorUrl) {
  const config = loadConfig({
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    WHATSAPP_API_BASE_URL: simulatorUrl,
    WHATSAPP_ACCESS_TOKEN: 'bench-token',
    WHATSAPP_PHONE_NUMBER_IDS: SENDERS.join(','),
    BEACON_SEND_RATE: '100000',
    BEACON_SEND_BURST: '1000',
    BEACON_SEND_CONCURRENCY: String(PER_SENDER),
    BEACON_CLAIM_BATCH: '1000',
    BEACON_IDLE_POLL_MS: '20',
    BEACON_LOG_LEVEL: 'error',
  });
  const runId = await seed(db, MESSAGES);
  const registry = new ChannelRegistry([createWhatsAppAdapter(config, { get: () => simulatorUrl })]);
  const repository = new DispatchRepository(dataSource);
  const signals = new DispatchSignals();
  const worker = new SenderWorker(repository, new PacingRepository(dataSource), registry, signals, config);
  worker.start();
  const started = Date.now();
  const t0 = performance.now();
  await db.query(`UPDATE dispatch_run SET state = 'running' WHERE id = $1`, [runId]);
  signals.work$.next();
  for (;;) {
    const { rows } = await db.query(`SELECT count(*)::int AS waiting FROM delivery WHERE run_id = $1 AND status IN ('queued', 'sending')`, [runId]);
    if (rows[0].waiting === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const seconds = (performance.now() - t0) / 1000;
  await worker.beforeApplicationShutdown();
  const { rows } = await db.query(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, extract(epoch FROM min(sent_at)) * 1000 AS first FROM delivery WHERE run_id = $1`, [runId]);
  return { sent: rows[0].sent, msgPerSec: rows[0].sent / seconds, firstSendMs: Math.max(0, Number(rows[0].first) - started) };
}

function requestFor(i) {
  return JSON.stringify(buildTemplateMessage({ to: `+4478${String(i).padStart(8, '0')}`, templateName: 'beacon_alert', language: 'en', text: 'Bench alert: move to higher ground now.', callbackData: String(i) }));
}

async function post(simulatorUrl, i) {
  const response = await fetch(`${simulatorUrl}/v21.0/${SENDERS[i % SENDERS.length]}/messages`, {
    method: 'POST',
    headers: { authorization: 'Bearer bench-token', 'content-type': 'application/json', accept: 'application/json' },
    body: requestFor(i),
  });
  await response.text();
  if (response.status !== 200) throw new Error(`simulator answered ${response.status}`);
}

async function bareLoop(simulatorUrl, count) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) await post(simulatorUrl, next++);
  }));
  return count / ((performance.now() - t0) / 1000);
}

async function pgBossRun(url, simulatorUrl, count) {
  const boss = new PgBoss({ connectionString: url, max: 20 });
  boss.on('error', (error) => log('pg-boss error', error.message));
  await boss.start();
  await boss.createQueue('send');
  for (let i = 0; i < count; i += 5000) {
    await boss.insert(Array.from({ length: Math.min(5000, count - i) }, (_, k) => ({ name: 'send', data: { i: i + k } })));
  }
  let done = 0;
  const t0 = performance.now();
  const finished = new Promise((resolve) => {
    const handler = async ([job]) => {
      await post(simulatorUrl, job.data.i);
      if (++done === count) resolve();
    };
    for (let w = 0; w < CONCURRENCY; w++) void boss.work('send', { batchSize: 1, pollingIntervalSeconds: 0.5 }, handler);
  });
  await finished;
  const rate = count / ((performance.now() - t0) / 1000);
  await boss.stop({ graceful: false, wait: true }).catch(() => {});
  return rate;
}

async function main() {
  let url = process.env.BENCH_DATABASE_URL;
  let stopDb = async () => {};
  if (!url) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'beacon-bench-dispatch-'));
    const server = await startEmbeddedPostgres(dir);
    url = server.url;
    stopDb = async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const simulator = await startSimulator();
  const dataSource = await openDatabase(url, 20);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    log(`${MESSAGES} deliveries, ${SENDERS.length} sender identities x ${PER_SENDER} in flight`);
    await bareLoop(simulator.url, Math.min(2000, MESSAGES)); // warm-up
    const beacon = await beaconRun(dataSource, db, simulator.url);
    log(`beacon: ${beacon.sent} sent, ${beacon.msgPerSec.toFixed(0)} msg/s, first send after ${beacon.firstSendMs.toFixed(0)} ms`);
    if (process.env.ONLY_BEACON) return;
    const bare = await bareLoop(simulator.url, MESSAGES);
    log(`bare undici loop: ${bare.toFixed(0)} msg/s`);
    const bossCount = Math.max(1000, Math.round(MESSAGES / 4));
    const boss = await pgBossRun(url, simulator.url, bossCount);
    log(`pg-boss, one job per message (${bossCount} jobs): ${boss.toFixed(0)} msg/s`);
    const round = (n) => Math.round(n * 100) / 100;
    console.log(JSON.stringify({
      bench: 'dispatch',
      messages: beacon.sent,
      msgPerSec: Math.round(beacon.msgPerSec),
      bareLoopMsgPerSec: Math.round(bare),
      pgBossMsgPerSec: Math.round(boss),
      ratioToBare: round(beacon.msgPerSec / bare),
      ratioToPgBoss: round(beacon.msgPerSec / boss),
      firstSendMs: Math.round(beacon.firstSendMs),
    }));
  } finally {
    await db.end();
    await dataSource.destroy();
    simulator.stop();
    await stopDb();
  }
}

main().then(() => process.exit(0), (error) => {
  console.error(error);
  process.exit(1);
});
