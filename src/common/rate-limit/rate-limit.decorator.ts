import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { RATE_LIMIT_KEY, RateLimitInterceptor } from './rate-limit.interceptor.js';

export { RATE_LIMIT_KEY };

/** Routes of one class share a bucket per client; classes do not share (a feed reader does not use up health checks). */
export type RateLimitClass = 'feed' | 'health' | 'webhook';

export interface RateLimitRule {
  routeClass: RateLimitClass;
  /**
   * `every` request spends a token; `failures` spends one per refused proof (a 401 or 403, a bad
   * signature or verify token), and once a client's failures have used the budget up it is
   * refused before any signature work. A provider's correctly signed webhooks are never counted.
   */
  counts: 'every' | 'failures';
}

/**
 * A per-client rate limit on a public route (BEACON_PUBLIC_RATE_PER_MIN, BEACON_PUBLIC_BURST).
 * The interceptor is attached to these routes only, not globally: any interceptor on a route wraps
 * its handler, and an `@Sse` handler's refusal (e.g. 404) would then arrive after the 200 headers.
 */
export const RateLimit = (routeClass: RateLimitClass, counts: RateLimitRule['counts'] = 'every') =>
  applyDecorators(SetMetadata(RATE_LIMIT_KEY, { routeClass, counts } satisfies RateLimitRule), UseInterceptors(RateLimitInterceptor));
