import type { Request } from 'express';
import { DomainError } from '../../common/domain-error.js';

export class PayloadTooLargeError extends DomainError {
  readonly status = 413;
}

/**
 * The request body: already parsed by the global JSON parser (`application/json`, up to
 * BEACON_BODY_LIMIT_BYTES), or read here from the stream up to `limit` bytes for types the global
 * parsers leave alone (`application/geo+json`), so a large library file needs no global limit raise.
 */
export async function readJsonBody(request: Request, limit: number): Promise<unknown> {
  if (request.is('application/json') || request.readableEnded) return request.body as unknown;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PayloadTooLargeError('body_too_large', `The body is larger than ${limit} bytes.`, { limit });
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}
