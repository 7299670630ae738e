import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeepAliveFetch } from '../../src/channels/keep-alive-fetch.js';

describe('createKeepAliveFetch', () => {
  let server: http.Server;
  let url: string;
  const sockets = new Set<unknown>();
  const fetchFn = createKeepAliveFetch();

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      sockets.add(request.socket);
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url === '/slow') return void setTimeout(() => response.end('late'), 500);
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
        response.end(JSON.stringify({ method: request.method, auth: request.headers.authorization, body: Buffer.concat(chunks).toString() }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the body and headers and answers a Response, over one kept-alive connection', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await fetchFn(`${url}/messages`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"n":1}' });
      expect(response.status).toBe(429);
      expect(response.ok).toBe(false);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(await response.json()).toEqual({ method: 'POST', auth: 'Bearer t', body: '{"n":1}' });
    }
    expect(sockets.size).toBe(1);
  });

  it('rejects with the signal\'s reason on a timeout, as fetch does', async () => {
    const error = await fetchFn(`${url}/slow`, { method: 'POST', body: 'x', signal: AbortSignal.timeout(50) }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });

  it('reports a refused connection as fetch does: TypeError with the socket error as cause', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await fetchFn(`http://127.0.0.1:${port}/`, { method: 'POST', body: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });
});
