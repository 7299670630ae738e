import { describe, expect, it } from 'vitest';
import type { StatusUpdate } from '../../src/dispatch/delivery-status.js';
import { StatusBatcher } from '../../src/receipts/status-batcher.js';

const update = (n: number): StatusUpdate => ({ deliveryId: String(n), providerMessageId: `wamid.${n}`, status: 'delivered', at: new Date(0) });
const updates = (from: number, count: number) => Array.from({ length: count }, (_, i) => update(from + i));

function recorder(options: { fail?: boolean; slowMs?: number } = {}) {
  const batches: StatusUpdate[][] = [];
  let active = 0;
  let maxActive = 0;
  const apply = async (batch: readonly StatusUpdate[]) => {
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise((resolve) => setTimeout(resolve, options.slowMs ?? 1));
    active--;
    if (options.fail) throw new Error('database down');
    batches.push([...batch]);
    return batch.length;
  };
  return { batches, apply, maxActive: () => maxActive };
}

describe('StatusBatcher', () => {
  it('writes concurrent submissions as one batch and resolves each after the write', async () => {
    const { batches, apply } = recorder();
    const batcher = new StatusBatcher(apply, { maxWaitMs: 20, maxBatchSize: 500 });
    await Promise.all([batcher.submit(updates(1, 3)), batcher.submit(updates(4, 2)), batcher.submit([update(6)])]);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.map((u) => u.deliveryId)).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('splits at the size limit and writes one batch at a time', async () => {
    const recording = recorder({ slowMs: 5 });
    const batcher = new StatusBatcher(recording.apply, { maxWaitMs: 1000, maxBatchSize: 4 });
    await Promise.all([batcher.submit(updates(1, 6)), batcher.submit(updates(7, 2))]);
    expect(recording.batches.map((batch) => batch.length)).toEqual([4, 4]);
    expect(recording.maxActive()).toBe(1);
  });

  it('waits at most maxWaitMs for company', async () => {
    const { batches, apply } = recorder();
    const batcher = new StatusBatcher(apply, { maxWaitMs: 10, maxBatchSize: 500 });
    await batcher.submit([update(1)]);
    expect(batches).toHaveLength(1);
  });

  it('rejects every submission of a batch whose write failed, and keeps going', async () => {
    const failing = recorder({ fail: true });
    const batcher = new StatusBatcher(failing.apply, { maxWaitMs: 5, maxBatchSize: 500 });
    const results = await Promise.allSettled([batcher.submit([update(1)]), batcher.submit([update(2)])]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(batcher.submit([update(3)])).rejects.toThrow('database down');
  });

  it('resolves an empty submission at once and flushes on shutdown', async () => {
    const { batches, apply } = recorder();
    const batcher = new StatusBatcher(apply, { maxWaitMs: 60_000, maxBatchSize: 500 });
    await batcher.submit([]);
    const pending = batcher.submit([update(1)]);
    await batcher.beforeApplicationShutdown();
    await pending;
    expect(batches).toHaveLength(1);
  });

  it('writes lanes in parallel, and two batches in flight together never share a delivery', async () => {
    const inFlight = new Set<readonly StatusUpdate[]>();
    let overlaps = 0;
    let maxActive = 0;
    const written: StatusUpdate[] = [];
    const apply = async (batch: readonly StatusUpdate[]) => {
      const ids = new Set(batch.map((u) => u.deliveryId));
      for (const other of inFlight) if (other.some((u) => ids.has(u.deliveryId))) overlaps++;
      inFlight.add(batch);
      maxActive = Math.max(maxActive, inFlight.size);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight.delete(batch);
      written.push(...batch);
    };
    const batcher = new StatusBatcher(apply, { maxWaitMs: 5, maxBatchSize: 10, lanes: 2 });
    const reads = updates(1, 40).map((u) => ({ ...u, status: 'read' as const }));
    await Promise.all([batcher.submit(updates(1, 40)), batcher.submit(reads)]);
    expect(written).toHaveLength(80);
    expect(maxActive).toBe(2);
    expect(overlaps).toBe(0);
  });
});
