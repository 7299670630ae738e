import type { Request } from 'express';
import { InvalidInputError } from '../../common/domain-error.js';

/**
 * The import's format and its body as chunks. `text/csv` and `application/x-ndjson` bodies arrive
 * already read by the global text parser (up to BEACON_BODY_LIMIT_BYTES); any other type, with
 * `?format=`, is streamed from the socket as it comes, with no size limit beyond the import's own.
 */
export function importSource(request: Request, format: 'csv' | 'ndjson' | undefined): { format: 'csv' | 'ndjson'; chunks: AsyncIterable<Buffer | string> } {
  const chosen = format ?? (request.is('text/csv') ? 'csv' : request.is('application/x-ndjson') ? 'ndjson' : undefined);
  if (!chosen) {
    throw new InvalidInputError('subscriber.import_format', 'Send text/csv or application/x-ndjson, or give ?format=csv|ndjson.', { field: 'Content-Type' });
  }
  if (typeof request.body === 'string') return { format: chosen, chunks: once(request.body) };
  if (request.readableEnded || request.is('application/json')) {
    throw new InvalidInputError('subscriber.import_format', 'The import body must be CSV or NDJSON text, not JSON.', { field: 'Content-Type' });
  }
  return { format: chosen, chunks: request as AsyncIterable<Buffer> };
}

async function* once(text: string): AsyncGenerator<string> {
  await Promise.resolve();
  yield text;
}
