// The WhatsApp simulator in a process of its own for `npm run bench -- dispatch`: a bare node:http
// server in front of the same WhatsAppSimulator class, status webhooks off. Prints `listening <port>`.
import http from 'node:http';
import { WhatsAppSimulator } from '../dist/src/channels/simulator/whatsapp-simulator.js';

const simulator = new WhatsAppSimulator({
  accessToken: 'bench-token',
  appSecret: 'bench-secret',
  webhookUrl: () => 'http://127.0.0.1:9/unused',
  post: async () => 200, // webhooks off: statuses are dropped, not posted
  profile: { deliverDelayMs: 0, readDelayMs: 0, readRate: 0 },
  maxStoredMessages: 1,
});

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', async () => {
    if (request.method === 'GET' && request.url === '/stats') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ total: simulator.total() }));
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
    const reply = await simulator.handleSend({ authorization: request.headers.authorization, phoneNumberId: match[1], body });
    response.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => {
  simulator.close();
  server.close(() => process.exit(0));
});
