/** A provider's answer to a POST, read whole. */
export interface HttpReply {
  status: number;
  /** A response header (name in lower case), undefined when absent. */
  header(name: string): string | undefined;
  /** The body as text; '' when `bodyError` is set. */
  body: string;
  /** The status line arrived but the body could not be read (timeout, reset): the provider has the request. */
  bodyError?: Error;
}

export interface HttpPostRequest {
  headers: Record<string, string>;
  body: string;
  /** The whole exchange, body included; past it the request is abandoned. */
  timeoutMs: number;
}

/**
 * POSTs and reads the whole answer: all a provider adapter needs of HTTP. Rejects only when no
 * answer came: with an error named `TimeoutError` when `timeoutMs` passed first, else (a network
 * failure) as fetch does, `TypeError('fetch failed', { cause })` carrying the socket error code.
 */
export type HttpPost = (url: string, request: HttpPostRequest) => Promise<HttpReply>;

/** An HttpPost over a `fetch` (the global one by default). */
export function fetchPost(fetchFn: typeof fetch = fetch): HttpPost {
  return async (url, { headers, body, timeoutMs }) => {
    const response = await fetchFn(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    const header = (name: string) => response.headers.get(name) ?? undefined;
    try {
      return { status: response.status, header, body: await response.text() };
    } catch (error) {
      return { status: response.status, header, body: '', bodyError: error instanceof Error ? error : new Error(String(error)) };
    }
  };
}
