import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/dispatch/token-bucket.js';

describe('TokenBucket', () => {
  it('serves the burst at once, then one token per 1/rate seconds', () => {
    const bucket = new TokenBucket(10, 3, 0);
    expect([bucket.reserve(0), bucket.reserve(0), bucket.reserve(0)]).toEqual([0, 0, 0]);
    expect(bucket.reserve(0)).toBe(100);
    expect(bucket.reserve(0)).toBe(200);
  });

  it('refills with time, never above the burst', () => {
    const bucket = new TokenBucket(10, 2, 0);
    bucket.reserve(0);
    bucket.reserve(0);
    expect(bucket.peek(50)).toBe(50);
    expect(bucket.peek(10_000)).toBe(0);
    bucket.reserve(10_000);
    bucket.reserve(10_000);
    expect(bucket.reserve(10_000)).toBe(100);
  });

  it('never hands out more than rate * t + burst tokens over any span', () => {
    const bucket = new TokenBucket(80, 80, 0);
    let granted = 0;
    for (let t = 0; t <= 10_000; t += 7) {
      while (bucket.peek(t) === 0) {
        bucket.reserve(t);
        granted++;
      }
    }
    expect(granted).toBeLessThanOrEqual(80 * 10 + 80);
    expect(granted).toBeGreaterThanOrEqual(80 * 10);
  });

  it('halves the rate on back-off and recovers gradually', () => {
    const bucket = new TokenBucket(100, 1, 0);
    bucket.backOff(0);
    expect(bucket.currentRate).toBe(50);
    bucket.backOff(0);
    expect(bucket.currentRate).toBe(25);
    bucket.peek(1000);
    expect(bucket.currentRate).toBeCloseTo(35, 5);
    bucket.peek(20_000);
    expect(bucket.currentRate).toBe(100);
  });

  it('does not back off below the minimum rate', () => {
    const bucket = new TokenBucket(4, 1, 0);
    for (let i = 0; i < 10; i++) bucket.backOff(0);
    expect(bucket.currentRate).toBe(1);
  });
});
