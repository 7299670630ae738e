// The WhatsApp simulator in a process of its own: a bare node:http server in front of the same
// WhatsAppSimulator class. Prints `listening <port>`.
// - `npm run bench -- dispatch`: status webhooks off and nothing stored (only counted); the sender
//   phone number ids it knows are SIMULATOR_PHONE_NUMBER_IDS (others are refused as Meta does).
// - test/e2e/dispatch-multi-worker.spec.ts: WEBHOOK_URL set (signed status webhooks to Beacon),
//   every message kept for GET /messages (SIMULATOR_STORE), BEACON_BUILD pointing at the test's build.
// Receive times are then stamped by a process that does nothing else. Every request is checked as
// the Cloud API checks it (token, phone number id, body shape); the front only avoids work per
// request: the body is read as one string, the success answer is built from strings.
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const build = process.env.BEACON_BUILD ?? path.join(import.meta.dirname, '..', 'dist');
const { WhatsAppSimulator } = await import(pathToFileURL(path.join(build, 'src/channels/simulator/whatsapp-simulator.js')).href);
const webhookUrl = process.env.WEBHOOK_URL;
const phoneNumberIds = process.env.SIMULATOR_PHONE_NUMBER_IDS?.split(',');

const simulator = new WhatsAppSimulator({
  accessToken: process.env.WHATSAPP_ACCESS_TOKEN ?? 'bench-token',
  appSecret: process.env.WHATSAPP_APP_SECRET ?? 'bench-secret',
  webhookUrl: () => webhookUrl ?? 'http://127.0.0.1:9/unused',
  statusWebhooks: webhookUrl !== undefined,
  ...(phoneNumberIds ? { phoneNumberIds } : {}),
  profile: { deliverDelayMs: webhookUrl ? 10 : 0, readDelayMs: 0, readRate: 0 },
  maxStoredMessages: Number(process.env.SIMULATOR_STORE ?? 0),
});

const JSON_HEADERS = { 'content-type': 'application/json' };
const SEND_PATH = /^\/v\d+\.\d+\/(\d+)\/messages$/;

/** The success answer as JSON.stringify would write it; `to` is digits and the id base64url, so nothing needs escaping. */
function acceptedJson(body) {
  const to = body.contacts[0].wa_id;
  return `{"messaging_product":"whatsapp","contacts":[{"input":"${to}","wa_id":"${to}"}],"messages":[{"id":"${body.messages[0].id}","message_status":"accepted"}]}`;
}

async function send(request, response, phoneNumberId, text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return void response.writeHead(400).end();
  }
  const slotAt = Number(request.headers['x-beacon-slot-at']);
  const reply = await simulator.handleSend({ authorization: request.headers.authorization, phoneNumberId, body, ...(Number.isFinite(slotAt) ? { slotAt } : {}) });
  response.writeHead(reply.status, JSON_HEADERS).end(reply.status === 200 ? acceptedJson(reply.body) : JSON.stringify(reply.body));
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/stats') {
    response.writeHead(200, JSON_HEADERS).end(JSON.stringify({ total: simulator.total() }));
    return void request.resume();
  }
  if (request.method === 'GET' && request.url === '/messages') {
    const messages = simulator.messages().map((m) => ({ to: m.to, phoneNumberId: m.phoneNumberId, callbackData: m.callbackData, receivedAt: m.receivedAt.toISOString(), slotAt: m.slotAt }));
    response.writeHead(200, JSON_HEADERS).end(JSON.stringify({ messages, total: simulator.total() }));
    return void request.resume();
  }
  const match = request.method === 'POST' ? SEND_PATH.exec(request.url ?? '') : null;
  if (!match) {
    response.writeHead(404).end();
    return void request.resume();
  }
  let text = '';
  request.setEncoding('utf8');
  request.on('data', (chunk) => (text += chunk));
  request.on('end', () => void send(request, response, match[1], text));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => {
  simulator.close();
  server.close(() => process.exit(0));
});
