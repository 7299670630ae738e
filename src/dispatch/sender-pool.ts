import pLimit, { type LimitFunction } from 'p-limit';
import type { ChannelAdapter } from '../channels/channel.js';
import { TokenBucket } from './token-bucket.js';

export interface PacingLimits {
  ratePerSecond: number;
  burst: number;
  concurrency: number;
}

interface Sender {
  id: string;
  bucket: TokenBucket;
  limit: LimitFunction;
}

/**
 * Paces one channel's sender identities: each has a token bucket (rate, burst) and a cap on
 * requests in flight. A message goes to the identity whose next token comes soonest, so several
 * identities share one run's load.
 */
export class SenderPool {
  private readonly senders: Sender[];

  constructor(
    readonly adapter: ChannelAdapter,
    limits: PacingLimits,
    private readonly clock: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    if (adapter.senderIds.length === 0) throw new Error(`channel ${adapter.channel} has no sender identity`);
    this.senders = adapter.senderIds.map((id) => ({
      id,
      bucket: new TokenBucket(limits.ratePerSecond, limits.burst, clock()),
      limit: pLimit(limits.concurrency),
    }));
  }

  /** Waits for a token, then runs `task` within the sender's in-flight cap. */
  async run<T>(task: (senderId: string) => Promise<T>): Promise<T> {
    const sender = this.pickSender();
    const wait = sender.bucket.reserve(this.clock());
    if (wait > 0) await this.sleep(wait);
    return sender.limit(() => task(sender.id));
  }

  backOff(senderId: string): void {
    this.senders.find((sender) => sender.id === senderId)?.bucket.backOff(this.clock());
  }

  private pickSender(): Sender {
    const now = this.clock();
    let best = this.senders[0]!;
    let bestWait = best.bucket.peek(now);
    for (const sender of this.senders.slice(1)) {
      const wait = sender.bucket.peek(now);
      if (wait < bestWait || (wait === bestWait && load(sender) < load(best))) {
        best = sender;
        bestWait = wait;
      }
    }
    return best;
  }
}

function load(sender: Sender): number {
  return sender.limit.pendingCount + sender.limit.activeCount;
}
