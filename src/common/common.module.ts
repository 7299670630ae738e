import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RateLimitInterceptor } from './rate-limit/rate-limit.interceptor.js';
import { SelfUrl } from './self-url.js';

@Global()
@Module({ providers: [SelfUrl, { provide: APP_INTERCEPTOR, useClass: RateLimitInterceptor }], exports: [SelfUrl] })
export class CommonModule {}
