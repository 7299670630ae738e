/**
 * A token bucket with adaptive rate. Time is passed in (milliseconds), so it is tested without a clock.
 * `reserve()` hands out the next token even when none is ready and says how long to wait for it,
 * so concurrent callers queue in arrival order instead of polling.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private rate: number;

  constructor(
    private readonly maxRate: number,
    private readonly burst: number,
    now: number,
    private readonly minRate = Math.min(1, maxRate),
  ) {
    this.rate = maxRate;
    this.tokens = burst;
    this.updatedAt = now;
  }

  get currentRate(): number {
    return this.rate;
  }

  /** Takes one token; returns the milliseconds to wait before using it (0 = now). */
  reserve(now: number): number {
    this.refill(now);
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.rate) * 1000);
  }

  /** How long the next reservation would wait, without taking it. */
  peek(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }

  /** The provider said "too many": halve the rate and drop what was saved up. */
  backOff(now: number): void {
    this.refill(now);
    this.rate = Math.max(this.minRate, this.rate / 2);
    this.tokens = Math.min(this.tokens, 0);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.updatedAt = now;
    // Recover gradually: 10% of the configured rate per second without a back-off.
    if (this.rate < this.maxRate) this.rate = Math.min(this.maxRate, this.rate + this.maxRate * 0.1 * elapsed);
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate);
  }
}
