import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { catchError, type Observable, throwError } from 'rxjs';
import { DomainError } from '../domain-error.js';
import { clientKey, type RateVerdict } from './client-rate-limiter.js';
import { PublicRateLimiter } from './public-rate-limiter.js';
import type { RateLimitRule } from './rate-limit.decorator.js';

/** The metadata key of @RateLimit (declared here so the decorator can import this file). */
export const RATE_LIMIT_KEY = 'beacon:rate-limit';

export class RateLimitedError extends DomainError {
  readonly status = 429;

  constructor(retryAfterSeconds: number) {
    super('rate_limited', `Too many requests from this address; retry in ${retryAfterSeconds} s.`, { retryAfterSeconds });
  }
}

/**
 * Applies @RateLimit(...): per client address and route class, answering 429 with Retry-After.
 * Interceptors run after the body is read (its size is capped by the body parsers) and before the
 * handler, so a refused request costs no signature check, query or write.
 */
@Injectable()
export class RateLimitInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    @Inject(PublicRateLimiter) private readonly limiter: PublicRateLimiter,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rule = this.reflector.get<RateLimitRule | undefined>(RATE_LIMIT_KEY, context.getHandler());
    if (!rule || context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    const key = `${rule.routeClass}:${clientKey(http.getRequest<Request>().ip)}`;
    const verdict = rule.counts === 'every' ? this.limiter.take(key) : this.limiter.peek(key);
    if (!verdict.allowed) throw refuse(http.getResponse<Response>(), verdict);
    if (rule.counts === 'every') return next.handle();
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (isRefusedProof(error)) this.limiter.take(key);
        return throwError(() => error);
      }),
    );
  }
}

function refuse(response: Response, verdict: RateVerdict): RateLimitedError {
  response.setHeader('Retry-After', String(verdict.retryAfterSeconds));
  return new RateLimitedError(verdict.retryAfterSeconds);
}

function isRefusedProof(error: unknown): boolean {
  return error instanceof DomainError && (error.status === 401 || error.status === 403);
}
