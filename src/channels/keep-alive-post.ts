import http from 'node:http';
import https from 'node:https';
import type { HttpPost, HttpReply } from './http-post.js';

export interface KeepAlivePostOptions {
  /** Connections per host: the requests in flight to one provider (more wait for a free one). */
  maxSockets?: number;
  freeSocketTimeoutMs?: number;
}

interface Target {
  transport: typeof http | typeof https;
  options: http.RequestOptions;
}

/** Parsed URLs kept at most: an adapter posts to a handful (one per sender identity). */
const MAX_TARGETS = 1000;

/**
 * An HttpPost over node:http(s) with keep-alive agents. It builds no fetch `Response`, `Headers`,
 * web stream or `AbortSignal` per request, which cost most of the CPU of a send with the global
 * fetch (docs/BENCHMARKS.md, dispatch). Idle sockets are closed after 4 s, before a Node server's
 * default 5 s keep-alive timeout, so a request is not written to a socket the server is closing.
 */
export function createKeepAlivePost(options: KeepAlivePostOptions = {}): HttpPost {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 256, timeout: options.freeSocketTimeoutMs ?? 4000 };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const targets = new Map<string, Target>();
  const targetOf = (url: string): Target => {
    let target = targets.get(url);
    if (!target) {
      const parsed = new URL(url);
      const secure = parsed.protocol === 'https:';
      const options = { protocol: parsed.protocol, hostname: parsed.hostname.replace(/^\[|\]$/g, ''), port: parsed.port, path: parsed.pathname + parsed.search, method: 'POST' };
      target = secure ? { transport: https, options: { ...options, agent: agents.https } } : { transport: http, options: { ...options, agent: agents.http } };
      if (targets.size >= MAX_TARGETS) targets.clear();
      targets.set(url, target);
    }
    return target;
  };
  return (url, { headers, body, timeoutMs }) =>
    new Promise<HttpReply>((resolve, reject) => {
      const { transport, options: base } = targetOf(url);
      let response: http.IncomingMessage | undefined;
      let text = '';
      let settled = false;
      let timedOut: Error | undefined;
      const answer = (bodyError?: Error) => {
        if (settled || !response) return;
        if (bodyError && timedOut) bodyError = timedOut;
        settled = true;
        clearTimeout(timer);
        const headersIn = response.headers;
        const header = (name: string) => {
          const value = headersIn[name];
          return Array.isArray(value) ? value.join(', ') : value;
        };
        resolve(bodyError ? { status: response.statusCode ?? 502, header, body: '', bodyError } : { status: response.statusCode ?? 502, header, body: text });
      };
      const fail = (error: Error) => {
        if (response) return answer(error);
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error.name === 'TimeoutError' ? error : new TypeError('fetch failed', { cause: error }));
      };
      const request = transport.request({ ...base, headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (incoming) => {
        response = incoming;
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => answer());
        incoming.on('error', fail);
        incoming.on('close', () => {
          if (!incoming.complete) answer(new Error('the connection closed before the whole answer arrived'));
        });
      });
      const timer = setTimeout(() => {
        timedOut = timeoutError(timeoutMs);
        request.destroy(timedOut);
      }, timeoutMs);
      request.on('error', fail);
      request.end(body);
    });
}

function timeoutError(timeoutMs: number): Error {
  const error = new Error(`No answer within ${timeoutMs} ms`);
  error.name = 'TimeoutError';
  return error;
}
