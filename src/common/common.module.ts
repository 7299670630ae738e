import { Global, Module } from '@nestjs/common';
import { PublicRateLimiter } from './rate-limit/public-rate-limiter.js';
import { RateLimitInterceptor } from './rate-limit/rate-limit.interceptor.js';
import { SelfUrl } from './self-url.js';

@Global()
@Module({ providers: [SelfUrl, PublicRateLimiter, RateLimitInterceptor], exports: [SelfUrl, PublicRateLimiter, RateLimitInterceptor] })
export class CommonModule {}
