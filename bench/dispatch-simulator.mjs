// The WhatsApp simulator in a process of its own: a bare node:http server in front of the same
// WhatsAppSimulator class. Prints `listening <port>`.
// - `npm run bench -- dispatch`: status webhooks off, nothing stored (only counted).
// - test/e2e/dispatch-multi-worker.spec.ts: WEBHOOK_URL set (signed status webhooks to Beacon),
//   every message kept for GET /messages, BEACON_BUILD pointing at the test's compiled build.
// Receive times are then stamped by a process that does nothing else.
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const build = process.env.BEACON_BUILD ?? path.join(import.meta.dirname, '..', 'dist');
const { WhatsAppSimulator } = await import(pathToFileURL(path.join(build, 'src/channels/simulator/whatsapp-simulator.js')).href);
const webhookUrl = process.env.WEBHOOK_URL;

const simulator = new WhatsAppSimulator({
  accessToken: process.env.WHATSAPP_ACCESS_TOKEN ?? 'bench-token',
  appSecret: process.env.WHATSAPP_APP_SECRET ?? 'bench-secret',
  webhookUrl: () => webhookUrl ?? 'http://127.0.0.1:9/unused',
  // Without WEBHOOK_URL, webhooks are off: statuses are dropped, not posted.
  ...(webhookUrl ? {} : { post: async () => 200 }),
  profile: { deliverDelayMs: webhookUrl ? 10 : 0, readDelayMs: 0, readRate: 0 },
  maxStoredMessages: Number(process.env.SIMULATOR_STORE ?? 1),
});

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    if (request.method === 'GET' && request.url === '/stats') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total: simulator.total() }));
      return;
    }
    if (request.method === 'GET' && request.url === '/messages') {
      const messages = simulator.messages().map((m) => ({ to: m.to, phoneNumberId: m.phoneNumberId, callbackData: m.callbackData, receivedAt: m.receivedAt.toISOString(), slotAt: m.slotAt }));
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ messages, total: simulator.total() }));
      return;
    }
    const match = /^\/v\d+\.\d+\/(\d+)\/messages$/.exec(request.url ?? '');
    if (request.method !== 'POST' || !match) return void response.writeHead(404).end();
    let body;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return void response.writeHead(400).end();
    }
    const slotAt = Number(request.headers['x-beacon-slot-at']);
    const reply = await simulator.handleSend({ authorization: request.headers.authorization, phoneNumberId: match[1], body, ...(Number.isFinite(slotAt) ? { slotAt } : {}) });
    response.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => {
  simulator.close();
  server.close(() => process.exit(0));
});
