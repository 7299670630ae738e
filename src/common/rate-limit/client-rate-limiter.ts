import { isIPv6 } from 'node:net';

export interface RateLimitSettings {
  /** Tokens added per minute. */
  perMinute: number;
  /** Bucket size: requests allowed at once after a quiet spell. */
  burst: number;
  /** Clients remembered at most; past it, full buckets are forgotten first, then the oldest. */
  maxClients?: number;
}

export interface RateVerdict {
  allowed: boolean;
  /** Whole seconds until one more request would be allowed (0 when allowed). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * A token bucket per key (a route class and a client address), in memory: each process limits on
 * its own, which is what a per-client limit on public routes needs (it stops a flood, it is not a
 * quota). Time comes from `clock` (milliseconds), so tests drive it.
 */
export class ClientRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly maxClients: number;

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.perMs = settings.perMinute / 60_000;
    this.maxClients = settings.maxClients ?? 50_000;
  }

  /** Spends one token if there is one. */
  take(key: string): RateVerdict {
    const bucket = this.refilled(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return this.refusal(bucket);
  }

  /** Whether a token is there, without spending it (for limits that count only failures). */
  peek(key: string): RateVerdict {
    const bucket = this.buckets.get(key);
    if (!bucket) return { allowed: true, retryAfterSeconds: 0 };
    const tokens = this.tokensNow(bucket);
    return tokens >= 1 ? { allowed: true, retryAfterSeconds: 0 } : this.refusal({ tokens, at: this.clock() });
  }

  get size(): number {
    return this.buckets.size;
  }

  private refusal(bucket: Bucket): RateVerdict {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.perMs / 1000)) };
  }

  private refilled(key: string): Bucket {
    const now = this.clock();
    let bucket = this.buckets.get(key);
    if (!bucket) {
      if (this.buckets.size >= this.maxClients) this.forget(now);
      bucket = { tokens: this.settings.burst, at: now };
      this.buckets.set(key, bucket);
      return bucket;
    }
    bucket.tokens = this.tokensNow(bucket);
    bucket.at = now;
    return bucket;
  }

  private tokensNow(bucket: Bucket): number {
    return Math.min(this.settings.burst, bucket.tokens + Math.max(0, this.clock() - bucket.at) * this.perMs);
  }

  /** Makes room: a full bucket is the same as none; if that is not enough, the oldest entries go. */
  private forget(now: number): void {
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + (now - bucket.at) * this.perMs >= this.settings.burst) this.buckets.delete(key);
    }
    const target = Math.floor(this.maxClients * 0.9);
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= target) break;
      this.buckets.delete(key);
    }
  }
}

/**
 * The part of a client address that identifies a client: an IPv4 address (also when mapped into
 * IPv6), or an IPv6 /64, since one host is given a whole /64 and could otherwise take a new
 * address per request.
 */
export function clientKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''));
}
