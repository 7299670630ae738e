import { describe, expect, it } from 'vitest';
import { SenderSlots, type SlotBlock } from '../../src/dispatch/sender-slots.js';

/** A global slot source in memory: the same arithmetic as PacingRepository.reserve. */
function lender(rate: number, clock: () => number) {
  let nextFreeAt = 0;
  const blocks: number[] = [];
  return {
    blocks,
    reserve: (count: number): Promise<SlotBlock> => {
      const now = clock();
      const firstAtMs = Math.max(nextFreeAt, now);
      nextFreeAt = firstAtMs + (count * 1000) / rate;
      blocks.push(count);
      return Promise.resolve({ firstAtMs, spacingMs: 1000 / rate, count, lenderNowMs: now });
    },
  };
}

describe('SenderSlots', () => {
  it('spaces sends 1/rate apart across two holders of one global pace', async () => {
    const source = lender(200, Date.now);
    const a = new SenderSlots({ reserve: source.reserve, blockSize: 10, maxLateMs: 1000 });
    const b = new SenderSlots({ reserve: source.reserve, blockSize: 10, maxLateMs: 1000 });
    const granted: number[] = [];
    const start = Date.now();
    await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).acquire().then(() => granted.push(Date.now() - start))));
    // 100 slots at 200/s take about half a second, and never faster than the pace allows.
    expect(Math.max(...granted)).toBeGreaterThanOrEqual(480);
    expect(source.blocks.every((n) => n <= 10)).toBe(true);
  });

  it('serves the most urgent caller first', async () => {
    const source = lender(1000, Date.now);
    const slots = new SenderSlots({ reserve: source.reserve, blockSize: 1, maxLateMs: 1000 });
    const order: string[] = [];
    const first = slots.acquire(50).then(() => order.push('first'));
    const later = [slots.acquire(50).then(() => order.push('moderate')), slots.acquire(1).then(() => order.push('extreme'))];
    await Promise.all([first, ...later]);
    expect(order).toEqual(['first', 'extreme', 'moderate']);
  });

  it('gives up a slot that comes too late and queues its caller again', async () => {
    let now = 0;
    const source = lender(10, () => now);
    const slots = new SenderSlots({ reserve: source.reserve, blockSize: 1, maxLateMs: 5, clock: () => now });
    now = 0;
    const granted = slots.acquire();
    await Promise.resolve();
    now = 500; // the event loop stalled past the slot
    await new Promise((resolve) => setTimeout(resolve, 5));
    now = 600;
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(slots.forfeited).toBeGreaterThanOrEqual(0);
    slots.close();
    expect(typeof (await granted)).toBe('boolean');
  });

  it('treats slots already past when the block arrives as burst credit, not as late', async () => {
    const slots = new SenderSlots({
      reserve: (count) => Promise.resolve({ firstAtMs: Date.now() - 900, spacingMs: 1, count, lenderNowMs: Date.now() }),
      blockSize: 10,
      maxLateMs: 5,
    });
    expect(await Promise.all([slots.acquire(), slots.acquire(), slots.acquire()])).toEqual([true, true, true]);
    expect(slots.forfeited).toBe(0);
  });

  it('answers false to everyone when closed', async () => {
    const slots = new SenderSlots({ reserve: () => new Promise<SlotBlock>(() => {}), blockSize: 5 });
    const waiting = [slots.acquire(), slots.acquire()];
    slots.close();
    expect(await Promise.all(waiting)).toEqual([false, false]);
    expect(await slots.acquire()).toBe(false);
  });

  it('keeps a high rate under real timers', async () => {
    const source = lender(5000, Date.now);
    const slots = new SenderSlots({ reserve: source.reserve, blockSize: 250 });
    const start = Date.now();
    let sent = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (Date.now() - start < 1000) if (await slots.acquire()) sent++;
      }),
    );
    console.info(`5000/s pace: ${sent} slots used in 1 s, ${slots.forfeited} given up as late`);
    expect(sent).toBeGreaterThan(2000);
  });
});
