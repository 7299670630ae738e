import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeepAlivePost } from '../../src/channels/keep-alive-post.js';

describe('createKeepAlivePost', () => {
  let server: http.Server;
  let url: string;
  const sockets = new Set<unknown>();
  const post = createKeepAlivePost();

  beforeAll(async () => {
    server = http.createServer((request, response) => {
      sockets.add(request.socket);
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url === '/slow') return void setTimeout(() => response.end('late'), 500);
        if (request.url === '/stalls') {
          response.writeHead(200, { 'content-length': '100' });
          return void response.write('{"partial":');
        }
        if (request.url === '/cut') {
          response.writeHead(200, { 'content-length': '100' });
          response.write('{"partial":');
          return void setTimeout(() => request.socket.destroy(), 20);
        }
        response.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
        response.end(JSON.stringify({ method: request.method, auth: request.headers.authorization, length: request.headers['content-length'], body: Buffer.concat(chunks).toString() }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('posts the body and headers and reads the whole answer, over one kept-alive connection', async () => {
    for (let i = 0; i < 3; i++) {
      const reply = await post(`${url}/messages`, { headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"n":"é"}', timeoutMs: 1000 });
      expect(reply.status).toBe(429);
      expect(reply.header('retry-after')).toBe('2');
      expect(reply.header('x-absent')).toBeUndefined();
      expect(reply.bodyError).toBeUndefined();
      expect(JSON.parse(reply.body)).toEqual({ method: 'POST', auth: 'Bearer t', length: '10', body: '{"n":"é"}' });
    }
    expect(sockets.size).toBe(1);
  });

  it('rejects with a TimeoutError when no answer came in time', async () => {
    const error = await post(`${url}/slow`, { headers: {}, body: 'x', timeoutMs: 50 }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });

  it('answers the status with a body error when the body stalls past the timeout or is cut', async () => {
    const stalled = await post(`${url}/stalls`, { headers: {}, body: 'x', timeoutMs: 100 });
    expect(stalled.status).toBe(200);
    expect(stalled.bodyError?.name).toBe('TimeoutError');
    const cut = await post(`${url}/cut`, { headers: {}, body: 'x', timeoutMs: 1000 });
    expect(cut.status).toBe(200);
    expect(cut.bodyError).toBeInstanceOf(Error);
    expect(cut.bodyError?.name).not.toBe('TimeoutError');
  });

  it('reports a refused connection as fetch does: TypeError with the socket error as cause', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await post(`http://127.0.0.1:${port}/`, { headers: {}, body: 'x', timeoutMs: 1000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(((error as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
  });
});
