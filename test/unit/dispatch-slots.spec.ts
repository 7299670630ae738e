import { describe, expect, it } from 'vitest';
import { ClockSync } from '../../src/dispatch/clock-sync.js';
import { SenderSlots, type SlotBlock } from '../../src/dispatch/sender-slots.js';

/** A global slot source in memory: the same arithmetic as PacingRepository.reserve (burst 1), on a clock `skewMs` ahead of ours. */
function lender(rate: number, clock: () => number, skewMs = 0) {
  let nextFreeAt = 0;
  const blocks: number[] = [];
  return {
    blocks,
    reserve: (count: number): Promise<SlotBlock> => {
      const now = clock() + skewMs;
      const firstAtMs = Math.max(nextFreeAt, now);
      nextFreeAt = firstAtMs + (count * 1000) / rate;
      blocks.push(count);
      return Promise.resolve({ firstAtMs, spacingMs: 1000 / rate, count, lenderNowMs: now });
    },
  };
}

describe('SenderSlots', () => {
  it('spaces sends 1/rate apart across two holders of one global pace, and never before their slot', async () => {
    const source = lender(200, Date.now);
    const a = new SenderSlots({ reserve: source.reserve, blockSize: 10, maxLateMs: 1000 });
    const b = new SenderSlots({ reserve: source.reserve, blockSize: 10, maxLateMs: 1000 });
    const granted: { slotAt: number; at: number }[] = [];
    const start = Date.now();
    await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        (i % 2 ? a : b).acquire().then((slotAt) => {
          granted.push({ slotAt: slotAt!, at: Date.now() });
        }),
      ),
    );
    // 100 slots at 200/s take about half a second, and never faster than the pace allows.
    expect(Math.max(...granted.map((g) => g.at)) - start).toBeGreaterThanOrEqual(480);
    expect(source.blocks.every((n) => n <= 10)).toBe(true);
    const slots = granted.map((g) => g.slotAt).sort((x, y) => x - y);
    for (let i = 1; i < slots.length; i++) expect(slots[i]! - slots[i - 1]!).toBeCloseTo(5, 6);
    expect(granted.every((g) => g.at >= Math.floor(g.slotAt))).toBe(true);
  });

  it('waits for the slot on the lender clock when the lender runs ahead of ours', async () => {
    // The lender's clock is 300 ms ahead: its slot times are 300 ms later in ours.
    const source = lender(100, Date.now, 300);
    const slots = new SenderSlots({ reserve: source.reserve, blockSize: 5, maxLateMs: 1000 });
    const start = Date.now();
    const first = await slots.acquire();
    // The first slot is "now" on the lender's clock: no wait, whatever the skew.
    expect(Date.now() - start).toBeLessThan(200);
    const second = await slots.acquire();
    expect(second! - first!).toBeCloseTo(10, 6);
    slots.close();
  });

  it('serves the most urgent caller first', async () => {
    const source = lender(1000, Date.now);
    const slots = new SenderSlots({ reserve: source.reserve, blockSize: 1, maxLateMs: 1000 });
    const order: string[] = [];
    const first = slots.acquire(50).then(() => order.push('first'));
    await first;
    const later = [slots.acquire(50).then(() => order.push('moderate')), slots.acquire(1).then(() => order.push('extreme'))];
    await Promise.all(later);
    expect(order).toEqual(['first', 'extreme', 'moderate']);
  });

  it('gives up a slot that can only be used late, and serves the caller with the next one', async () => {
    let now = 1000;
    let calls = 0;
    const slots = new SenderSlots({
      reserve: (count) => {
        calls++;
        const block = { firstAtMs: now, spacingMs: 10, count, lenderNowMs: now };
        // The second reservation comes back half a second later (a stalled process): its slot is past.
        if (calls !== 2) return Promise.resolve(block);
        return new Promise((resolve) => setTimeout(() => {
          now += 500;
          resolve(block);
        }, 5));
      },
      blockSize: 1,
      maxLateMs: 20,
      clock: () => now,
    });
    expect(await slots.acquire()).toBe(1000);
    expect(await slots.acquire()).toBe(1500);
    expect(slots.forfeited).toBe(1);
    expect(calls).toBe(3);
    slots.close();
  });

  it('refuses, at the last moment, a slot whose caller came back to it too late', async () => {
    let now = 1000;
    const slots = new SenderSlots({
      reserve: (count) => Promise.resolve({ firstAtMs: now, spacingMs: 10, count, lenderNowMs: now }),
      blockSize: 1,
      maxLateMs: 20,
      clock: () => now,
    });
    const slotAt = (await slots.acquire())!;
    expect(slots.onTime(slotAt)).toBe(true);
    now += 30; // the continuation ran late
    expect(slots.onTime(slotAt)).toBe(false);
    expect(slots.forfeited).toBe(1);
    slots.close();
  });

  it('treats slots before the lender\'s "now" as burst credit, due at once, not late', async () => {
    const slots = new SenderSlots({
      reserve: (count) => Promise.resolve({ firstAtMs: Date.now() - 900, spacingMs: 1, count, lenderNowMs: Date.now() }),
      blockSize: 10,
      maxLateMs: 5,
    });
    const granted = await Promise.all([slots.acquire(), slots.acquire(), slots.acquire()]);
    expect(granted.every((slotAt) => typeof slotAt === 'number')).toBe(true);
    expect(slots.forfeited).toBe(0);
  });

  it('reserves ahead for callers queued behind the waiting ones, sized by the recent pace of use', async () => {
    let now = 0;
    let backlog = 0;
    const counts: number[] = [];
    const slots = new SenderSlots({
      reserve: (count) => {
        counts.push(count);
        return Promise.resolve({ firstAtMs: now - 100, spacingMs: 0.01, count, lenderNowMs: now }); // burst credit: due at once
      },
      blockSize: 500,
      horizonMs: 20,
      maxLateMs: 20,
      backlog: () => backlog,
      clock: () => now,
    });
    // 100 slots in 50 ms, one caller at a time and nobody queued behind: one slot per block.
    for (let i = 0; i < 100; i++, now += 0.5) await slots.acquire();
    expect(new Set(counts)).toEqual(new Set([1]));
    // Callers queued behind: the block covers the caller and the 20 ms lead at 2 slots/ms.
    counts.length = 0;
    backlog = 100;
    await slots.acquire();
    expect(counts).toEqual([41]);
    // The next callers use what is held ahead; the next block is reserved once half of it is used.
    for (let i = 0; i < 20; i++) await slots.acquire();
    expect(counts).toEqual([41]);
    await slots.acquire();
    expect(counts).toEqual([41, 21]);
    expect(slots.forfeited).toBe(0);
    slots.close();
  });

  it('answers "no slot" to everyone when closed', async () => {
    const slots = new SenderSlots({ reserve: () => new Promise<SlotBlock>(() => {}), blockSize: 5 });
    const waiting = [slots.acquire(), slots.acquire()];
    slots.close();
    expect(await Promise.all(waiting)).toEqual([undefined, undefined]);
    expect(await slots.acquire()).toBeUndefined();
  });

  it('keeps a high rate under real timers', async () => {
    const source = lender(5000, Date.now);
    const slots = new SenderSlots({ reserve: source.reserve, blockSize: 250 });
    const start = Date.now();
    let sent = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (Date.now() - start < 1000) if ((await slots.acquire()) !== undefined) sent++;
      }),
    );
    console.info(`5000/s pace: ${sent} slots used in 1 s, ${slots.forfeited} given up as late`);
    expect(sent).toBeGreaterThan(2000);
  });
});

describe('ClockSync', () => {
  it('trusts the sample with the shortest round trip', () => {
    const sync = new ClockSync();
    sync.add(0, 100, 1050); // slow: offset 1000 +/- 50
    sync.add(200, 202, 1201); // fast: offset 1000 +/- 1
    sync.add(300, 400, 1390); // slow and off: offset 1040
    expect(sync.offsetMs).toBe(1000);
    expect(sync.errorMs).toBe(1);
    expect(sync.recentRttMs).toBe(100);
  });
});
