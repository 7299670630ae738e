import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PartnerRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface PartnerTestServer {
  url: string;
  requests: PartnerRequest[];
  /** Requests to one path. */
  to(path: string): PartnerRequest[];
  close(): Promise<void>;
}

/**
 * A partner system on a free loopback port: records every request, and answers each path with
 * the statuses `answers` lists for it in turn (the last one repeats); 200 for a path not listed.
 */
export async function startPartnerTestServer(answers: Record<string, { status: number; headers?: Record<string, string> }[]>): Promise<PartnerTestServer> {
  const requests: PartnerRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      requests.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const script = answers[path] ?? [{ status: 200 }];
      const seen = requests.filter((r) => r.path === path).length;
      const answer = script[Math.min(seen, script.length) - 1]!;
      response.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    to: (path) => requests.filter((r) => r.path === path),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
