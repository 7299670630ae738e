import pLimit, { type LimitFunction } from 'p-limit';
import type { ChannelAdapter } from '../channels/channel.js';
import type { SenderSlots } from './sender-slots.js';

interface Sender {
  id: string;
  slots: SenderSlots;
  limit: LimitFunction;
}

/**
 * Paces one channel's sender identities: each has its share of the global send slots (see
 * SenderSlots) and a cap on requests in flight (p-limit). A message goes to the least busy
 * identity, so several identities share one run's load. A slot is taken only once a request
 * seat is free, so a slow provider cannot pile sends up into a burst.
 */
export class SenderPool {
  private readonly senders: Sender[];

  constructor(
    readonly adapter: ChannelAdapter,
    concurrency: number,
    slotsFor: (senderId: string, backlog: () => number) => SenderSlots,
  ) {
    if (adapter.senderIds.length === 0) throw new Error(`channel ${adapter.channel} has no sender identity`);
    this.senders = adapter.senderIds.map((id) => {
      const limit = pLimit(concurrency);
      return { id, slots: slotsFor(id, () => limit.pendingCount), limit };
    });
  }

  /**
   * Runs `task` in a slot of the least busy identity, with the slot's time; `cancelled` answers when
   * no slot will come (shutdown).
   */
  run<T>(priority: number, task: (senderId: string, slotAt: number) => Promise<T>, cancelled: () => T): Promise<T> {
    const sender = this.leastBusy();
    return sender.limit(async () => {
      for (;;) {
        const slotAt = await sender.slots.acquire(priority);
        if (slotAt === undefined) return cancelled();
        // Looked at again right before the request: the continuation may have run late.
        if (sender.slots.onTime(slotAt)) return task(sender.id, slotAt);
      }
    });
  }

  close(): void {
    for (const sender of this.senders) sender.slots.close();
  }

  private leastBusy(): Sender {
    let best = this.senders[0]!;
    for (const sender of this.senders.slice(1)) if (load(sender) < load(best)) best = sender;
    return best;
  }
}

function load(sender: Sender): number {
  return sender.limit.pendingCount + sender.limit.activeCount;
}
