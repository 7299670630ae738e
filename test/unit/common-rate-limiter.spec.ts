import { describe, expect, it } from 'vitest';
import { ClientRateLimiter, clientKey } from '../../src/common/rate-limit/client-rate-limiter.js';

function limiter(perMinute: number, burst: number, maxClients?: number) {
  let now = 1_000_000;
  const instance = new ClientRateLimiter({ perMinute, burst, maxClients }, () => now);
  return { instance, advance: (ms: number) => (now += ms) };
}

describe('ClientRateLimiter (a token bucket per key)', () => {
  it('allows a burst, then one request per refill interval, with the wait in whole seconds', () => {
    const { instance, advance } = limiter(60, 3);
    expect([1, 2, 3].map(() => instance.take('a').allowed)).toEqual([true, true, true]);
    expect(instance.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    advance(999);
    expect(instance.take('a').allowed).toBe(false);
    advance(1);
    expect(instance.take('a').allowed).toBe(true);
    expect(instance.take('a').allowed).toBe(false);
  });

  it('never holds more than the burst however long the quiet spell', () => {
    const { instance, advance } = limiter(600, 2);
    instance.take('a');
    advance(3_600_000);
    expect([1, 2, 3].map(() => instance.take('a').allowed)).toEqual([true, true, false]);
  });

  it('keeps keys apart', () => {
    const { instance } = limiter(1, 1);
    expect(instance.take('feed:1.2.3.4').allowed).toBe(true);
    expect(instance.take('feed:1.2.3.4').allowed).toBe(false);
    expect(instance.take('feed:5.6.7.8').allowed).toBe(true);
    expect(instance.take('health:1.2.3.4').allowed).toBe(true);
  });

  it('reports the wait for a slow rate', () => {
    const { instance, advance } = limiter(2, 1);
    instance.take('a');
    expect(instance.take('a').retryAfterSeconds).toBe(30);
    advance(20_000);
    expect(instance.take('a').retryAfterSeconds).toBe(10);
  });

  it('peek looks without spending', () => {
    const { instance } = limiter(60, 2);
    expect(instance.peek('a').allowed).toBe(true);
    expect(instance.peek('a').allowed).toBe(true);
    instance.take('a');
    instance.take('a');
    expect(instance.peek('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(instance.peek('unknown').allowed).toBe(true);
  });

  it('remembers a bounded number of clients', () => {
    const { instance } = limiter(60, 2, 100);
    for (let i = 0; i < 500; i++) instance.take(`client-${i}`);
    expect(instance.size).toBeLessThanOrEqual(100);
  });

  it('when full, forgets refilled buckets first, so a flooding client keeps its debt', () => {
    const { instance, advance } = limiter(60, 2, 10);
    instance.take('flood');
    instance.take('flood');
    for (let i = 0; i < 9; i++) instance.take(`reader-${i}`);
    advance(1000); // the readers are full again; the flood has 1 of 2 tokens
    instance.take('newcomer');
    expect(instance.size).toBe(2);
    expect(instance.take('flood').allowed).toBe(true);
    expect(instance.take('flood').allowed).toBe(false);
  });
});

describe('clientKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['2001:0DB8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    [undefined, 'unknown'],
  ])('%s -> %s', (address, key) => {
    expect(clientKey(address)).toBe(key);
  });
});
