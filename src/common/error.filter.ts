import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { DomainError } from './domain-error.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** Turns every thrown thing into `{ error: { code, message, details } }`; internals stay in the log. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ErrorFilter');

  catch(exception: unknown, host: ArgumentsHost) {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body } = this.toResponse(exception);
    if (response.headersSent) return;
    response.status(status).json(body);
  }

  toResponse(exception: unknown): { status: number; body: ErrorBody } {
    if (exception instanceof DomainError) {
      return { status: exception.status, body: errorBody(exception.code, exception.message, exception.details) };
    }
    // Nest wraps body-parser's errors (too large, malformed JSON) in an HttpException with the original as cause.
    const parserError = fromBodyParserError(exception instanceof HttpException ? exception.cause : exception);
    if (parserError) return parserError;
    if (exception instanceof HttpException) return fromHttpException(exception);
    const dataError = fromDatabaseDataException(exception);
    if (dataError) return dataError;
    const correlationId = randomUUID();
    this.logger.error(`Unexpected error ${correlationId}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    return { status: 500, body: errorBody('internal_error', `Unexpected error; quote ${correlationId} to the operators.`, { correlationId }) };
  }
}

export function errorBody(code: string, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

function fromHttpException(exception: HttpException): { status: number; body: ErrorBody } {
  const status = exception.getStatus();
  const payload = exception.getResponse();
  if (typeof payload === 'object' && payload !== null && 'error' in payload && isErrorShape((payload).error)) {
    return { status, body: payload as ErrorBody };
  }
  const message = typeof payload === 'string' ? payload : exception.message;
  return { status, body: errorBody(httpCode(status), message) };
}

function isErrorShape(value: unknown): value is ErrorBody['error'] {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}

/** body-parser errors (too large, malformed JSON) carry `type` and `status`. */
function fromBodyParserError(exception: unknown): { status: number; body: ErrorBody } | undefined {
  if (typeof exception !== 'object' || exception === null) return undefined;
  const { type, status } = exception as { type?: unknown; status?: unknown };
  if (typeof type !== 'string' || typeof status !== 'number' || status < 400 || status >= 500) return undefined;
  switch (type) {
    case 'entity.too.large':
      return { status: 413, body: errorBody('body_too_large', 'The request body exceeds the size limit.', { limit: (exception as { limit?: number }).limit }) };
    case 'entity.parse.failed':
      return { status: 400, body: errorBody('malformed_json', 'The request body is not valid JSON.') };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return { status: 415, body: errorBody('unsupported_encoding', 'The request body encoding is not supported.') };
    default:
      return { status, body: errorBody(httpCode(status), 'The request body could not be read.') };
  }
}

/**
 * PostgreSQL class 22 (data exception) is raised by a value the client sent that the database cannot
 * hold, e.g. a NUL character in text. The transaction has rolled back, so nothing was written.
 */
function fromDatabaseDataException(exception: unknown): { status: number; body: ErrorBody } | undefined {
  const driverError = typeof exception === 'object' && exception !== null ? (exception as { driverError?: { code?: unknown } }).driverError : undefined;
  const code = driverError?.code;
  if (typeof code !== 'string' || !code.startsWith('22')) return undefined;
  return { status: 400, body: errorBody('invalid_value', 'A value in the request cannot be stored (for example a NUL character in text).', { sqlState: code }) };
}

function httpCode(status: number): string {
  switch (status) {
    case 400: return 'bad_request';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 405: return 'method_not_allowed';
    case 409: return 'conflict';
    case 413: return 'body_too_large';
    case 415: return 'unsupported_media_type';
    case 429: return 'rate_limited';
    default: return status >= 500 ? 'internal_error' : 'client_error';
  }
}
