import { Inject, Injectable } from '@nestjs/common';
import { BEACON_CONFIG } from '../../config/config.module.js';
import type { BeaconConfig } from '../../config/config.js';
import { ClientRateLimiter } from './client-rate-limiter.js';

/** The process's one set of per-client buckets for public routes, shared by every module's routes. */
@Injectable()
export class PublicRateLimiter extends ClientRateLimiter {
  constructor(@Inject(BEACON_CONFIG) config: BeaconConfig) {
    super(config.publicRateLimit);
  }
}
