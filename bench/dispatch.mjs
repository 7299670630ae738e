// Dispatch benchmark: 200,000 deliveries (BENCH_SCALE=0.1: 20,000) sent by Beacon's sender worker
// (claim, pace, send, record) to the WhatsApp simulator in its own process (webhooks off), against
// two baselines at the same concurrency on the same simulator and HTTP transport as Beacon's
// WhatsApp adapter (keep-alive node:http, src/channels/keep-alive-post.ts): a bare loop posting the
// same requests (the transport ceiling; the global fetch, i.e. undici, is measured too and logged),
// and one pg-boss job per message (at most 20,000 jobs: it measures a rate). Then approval to first send: the whole application (API and its
// worker) with 1,000,000 subscribers (100,000 at BENCH_SCALE=0.1) inside an alert's area, timed from
// the approving request to the simulator's first message, through whatever the approval does (the
// audience count, the freeze, staged or not). Run with `npm run bench -- dispatch`.
// BENCH_DATABASE_URL uses an existing server instead of an embedded one.
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { createApp, listen } from '../dist/src/app.factory.js';
import { ChannelRegistry } from '../dist/src/channels/channel-registry.js';
import { JsonLogger } from '../dist/src/common/json-logger.js';
import { createWhatsAppAdapter } from '../dist/src/channels/channels.module.js';
import { fetchPost } from '../dist/src/channels/http-post.js';
import { createKeepAlivePost } from '../dist/src/channels/keep-alive-post.js';
import { TemplateMessageJson } from '../dist/src/channels/whatsapp/graph-api.js';
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
/** The pg-boss baseline runs a quarter of the messages, at most this many: it measures a rate, and at ~170 jobs/s more only takes longer. */
const PG_BOSS_MAX_JOBS = 20_000;
const log = (...args) => console.error('[bench:dispatch]', ...args);

async function startSimulator() {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'dispatch-simulator.mjs')], {
    env: { ...process.env, SIMULATOR_PHONE_NUMBER_IDS: SENDERS.join(',') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
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

/** The WhatsApp senders and pacing both Beacon runs use: limits lifted, the same concurrency as the baselines. */
function senderSettings(simulatorUrl) {
  return {
    WHATSAPP_API_BASE_URL: simulatorUrl,
    WHATSAPP_ACCESS_TOKEN: 'bench-token',
    WHATSAPP_PHONE_NUMBER_IDS: SENDERS.join(','),
    BEACON_SEND_RATE: '100000',
    BEACON_SEND_BURST: '1000',
    BEACON_SEND_CONCURRENCY: String(PER_SENDER),
    BEACON_CLAIM_BATCH: '1000',
  };
}

/** Counts the final results (sent, failed) as the worker records them. */
class CountingRepository extends DispatchRepository {
  final = 0;

  async recordOutcomes(outcomes, policy) {
    await super.recordOutcomes(outcomes, policy);
    for (const outcome of outcomes) if (outcome.kind === 'sent' || outcome.kind === 'failed') this.final++;
  }
}

async function beaconRun(dataSource, db, simulatorUrl) {
  const config = loadConfig({
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    ...senderSettings(simulatorUrl),
    BEACON_IDLE_POLL_MS: '20',
    BEACON_LOG_LEVEL: 'error',
  });
  const runId = await seed(db, MESSAGES);
  const registry = new ChannelRegistry([createWhatsAppAdapter(config, { get: () => simulatorUrl })]);
  const repository = new CountingRepository(dataSource);
  const signals = new DispatchSignals();
  const worker = new SenderWorker(repository, new PacingRepository(dataSource), registry, signals, config);
  worker.start();
  const started = Date.now();
  const t0 = performance.now();
  await db.query(`UPDATE dispatch_run SET state = 'running' WHERE id = $1`, [runId]);
  signals.work$.next();
  // Done when every delivery has a final result written; the worker counts them as it writes, so
  // the wait costs the database nothing (a count(*) of the run every 100 ms cost it up to half a core at full scale).
  // A look at the queue every second covers results the count cannot see (a retry, then a send).
  for (let lastLook = performance.now(); repository.final < MESSAGES; ) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (performance.now() - lastLook < 1000) continue;
    lastLook = performance.now();
    const { rows } = await db.query(`SELECT EXISTS (SELECT 1 FROM delivery WHERE run_id = $1 AND status IN ('queued', 'sending')) AS waiting`, [runId]);
    if (!rows[0].waiting) break;
  }
  const seconds = (performance.now() - t0) / 1000;
  await worker.beforeApplicationShutdown();
  const { rows } = await db.query(`SELECT count(*) FILTER (WHERE status = 'sent')::int AS sent, extract(epoch FROM min(sent_at)) * 1000 AS first FROM delivery WHERE run_id = $1`, [runId]);
  return { sent: rows[0].sent, msgPerSec: rows[0].sent / seconds, firstSendMs: Math.max(0, Number(rows[0].first) - started) };
}

const ADMIN_KEY = 'bk_bench_bootstrap_admin_key_0123456789';
const AREA = { polygons: [{ type: 'Polygon', coordinates: [[[10, 50], [11, 50], [11, 51], [10, 51], [10, 50]]] }] };

async function seedPeople(db, count) {
  for (let done = 0; done < count; done += 50_000) {
    await db.query(
      `WITH s AS (
         INSERT INTO subscriber (phone, language, channels, consent_source, consent_at)
         SELECT '+4476' || lpad(i::text, 8, '0'), 'en', ARRAY['whatsapp'], 'bench', now() FROM generate_series($1::int + 1, $1::int + $2::int) i
         RETURNING id)
       INSERT INTO subscriber_location (subscriber_id, position) SELECT id, point(10.05 + random() * 0.9, 50.05 + random() * 0.9) FROM s`,
      [done, Math.min(50_000, count - done)],
    );
  }
  await db.query('ANALYZE');
}

async function waitForFreeze(db, alertId, approvedAt) {
  const runOf = `SELECT r.id, r.freeze_state FROM alert a JOIN dispatch_run r ON r.id = a.dispatch_run_id WHERE a.id = $1`;
  for (;;) {
    const { rows } = await db.query(runOf, [alertId]);
    if (rows[0]?.freeze_state === 'complete') {
      const { rows: counted } = await db.query(`SELECT count(*)::int AS n FROM delivery WHERE run_id = $1`, [rows[0].id]);
      log(`audience frozen: ${counted[0].n} deliveries, complete ${((performance.now() - approvedAt) / 1000).toFixed(1)} s after the approval`);
      return;
    }
    if (performance.now() - approvedAt > 300_000) throw new Error('the audience freeze did not finish within 300 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The application on the bench database, sending to the simulator: approve an alert, time the first message. */
async function approvalToFirstSend(url, db, simulatorUrl) {
  const people = Math.round(1_000_000 * scale);
  await seedPeople(db, people);
  log(`${people} subscribers seeded for the approval run`);
  const config = loadConfig({
    DATABASE_URL: url,
    PORT: '0',
    HOST: '127.0.0.1',
    BEACON_BOOTSTRAP_ADMIN_KEY: ADMIN_KEY,
    BEACON_SIMULATOR: 'false',
    SMS_ENABLED: 'false',
    ...senderSettings(simulatorUrl),
    BEACON_LOG_LEVEL: 'error',
  });
  const app = await createApp(config, new JsonLogger('error', (line) => log(line)));
  const { url: api } = await listen(app, 0, '127.0.0.1');
  const call = async (method, path, key, body) => {
    const response = await fetch(`${api}${path}`, { method, headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: body && JSON.stringify(body) });
    const payload = await response.json().catch(() => undefined);
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(payload)}`);
    return payload;
  };
  try {
    const operator = async (name, roles) => (await call('POST', '/api/v1/operators', ADMIN_KEY, { name, roles })).apiKey;
    const author = await operator('bench-author', ['operator']);
    const approvers = [await operator('bench-approver-1', ['approver']), await operator('bench-approver-2', ['approver'])];
    const { id } = await call('POST', '/api/v1/alerts', author, {
      headline: 'Bench flood warning', event: 'Flood', severity: 'Extreme', urgency: 'Immediate', certainty: 'Observed', status: 'Actual',
      area: AREA, texts: { en: 'Bench alert: move to higher ground now.' },
    });
    await call('POST', `/api/v1/alerts/${id}/submit`, author);
    const stats = async () => (await (await fetch(`${simulatorUrl}/stats`)).json()).total;
    const before = await stats();
    // An alert this large may need two approvals: the first is not timed, the dispatching one is.
    for (const [i, approver] of approvers.entries()) {
      const alert = await call('GET', `/api/v1/alerts/${id}`, approver);
      if (alert.state !== 'pending_approval' && alert.state !== 'pending') break;
      const started = performance.now();
      const approved = await call('POST', `/api/v1/alerts/${id}/approve`, approver, { contentHash: alert.contentHash, confirmStatus: alert.status });
      if (approved.state === 'pending_approval' || approved.state === 'pending') {
        log(`approval ${i + 1} recorded (${approved.approvals?.length ?? '?'} of ${approved.approvalsRequired ?? '?'}), audience counted in ${(performance.now() - started).toFixed(0)} ms`);
        continue;
      }
      const answeredMs = performance.now() - started;
      for (;;) {
        if ((await stats()) > before) break;
        if (performance.now() - started > 120_000) throw new Error('no message within 120 s of the approval');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      const firstSendMs = performance.now() - started;
      log(`approval answered after ${answeredMs.toFixed(0)} ms; first message at the simulator ${firstSendMs.toFixed(0)} ms after the approval`);
      // The rest of the audience is frozen in the background: pause the sending, and close the application
      // only once that freeze has finished (which shows it does, at this size).
      try {
        await call('POST', `/api/v1/alerts/${id}/pause`, approver, { reason: 'bench: first send measured' });
        await waitForFreeze(db, id, started);
      } catch (error) {
        log(`the rest of the freeze was not confirmed: ${error.message}`);
      }
      return firstSendMs;
    }
    throw new Error('the alert was never dispatched');
  } finally {
    await app.close();
  }
}

const templateJson = new TemplateMessageJson();
const requestFor = (i) => templateJson.build({ to: `+4478${String(i).padStart(8, '0')}`, templateName: 'beacon_alert', language: 'en', text: 'Bench alert: move to higher ground now.', callbackData: String(i) });

// Beacon's transport (src/channels/keep-alive-post.ts), one connection per request in flight as the adapter has.
const keepAlivePost = createKeepAlivePost({ maxSockets: CONCURRENCY });

/** One send as Beacon's WhatsApp adapter makes it: same URL, headers (the slot header too) and body. */
async function post(simulatorUrl, i, postFn = keepAlivePost) {
  const reply = await postFn(`${simulatorUrl}/v21.0/${SENDERS[i % SENDERS.length]}/messages`, {
    headers: { authorization: 'Bearer bench-token', 'content-type': 'application/json', accept: 'application/json', 'x-beacon-slot-at': Date.now().toFixed(3) },
    body: requestFor(i),
    timeoutMs: 10_000,
  });
  if (reply.status !== 200) throw new Error(`simulator answered ${reply.status}`);
}

async function bareLoop(simulatorUrl, count, postFn = keepAlivePost) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < count) await post(simulatorUrl, next++, postFn);
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
    // The shared machine's load drifts: the ceiling is the mean of a bare run just before and just after Beacon's.
    await bareLoop(simulator.url, Math.min(2000, MESSAGES)); // warm-up
    const bareBefore = await bareLoop(simulator.url, Math.round(MESSAGES / 2));
    const beacon = await beaconRun(dataSource, db, simulator.url);
    log(`beacon: ${beacon.sent} sent, ${beacon.msgPerSec.toFixed(0)} msg/s, first send after ${beacon.firstSendMs.toFixed(0)} ms`);
    const bareAfter = await bareLoop(simulator.url, Math.round(MESSAGES / 2));
    const bare = (bareBefore + bareAfter) / 2;
    log(`bare loop (keep-alive node:http, Beacon's transport): ${bare.toFixed(0)} msg/s (before ${bareBefore.toFixed(0)}, after ${bareAfter.toFixed(0)})`);
    const bareFetch = await bareLoop(simulator.url, Math.round(MESSAGES / 2), fetchPost(fetch));
    log(`bare loop (global fetch, undici): ${bareFetch.toFixed(0)} msg/s`);
    // pg-boss is measured for its rate, not its total: ~170 jobs/s makes 50,000 jobs a five-minute phase.
    const bossCount = Math.min(Math.max(1000, Math.round(MESSAGES / 4)), PG_BOSS_MAX_JOBS);
    const boss = await pgBossRun(url, simulator.url, bossCount);
    log(`pg-boss, one job per message (${bossCount} jobs, capped at ${PG_BOSS_MAX_JOBS}): ${boss.toFixed(0)} msg/s`);
    let firstSendMs = beacon.firstSendMs;
    try {
      firstSendMs = await approvalToFirstSend(url, db, simulator.url);
    } catch (error) {
      log(`approval to first send not measured (${error.message}); firstSendMs is from a queue already frozen`);
    }
    const round = (n) => Math.round(n * 100) / 100;
    console.log(JSON.stringify({
      bench: 'dispatch',
      messages: beacon.sent,
      msgPerSec: Math.round(beacon.msgPerSec),
      bareLoopMsgPerSec: Math.round(bare),
      pgBossMsgPerSec: Math.round(boss),
      ratioToBare: round(beacon.msgPerSec / bare),
      ratioToPgBoss: round(beacon.msgPerSec / boss),
      firstSendMs: Math.round(firstSendMs),
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
