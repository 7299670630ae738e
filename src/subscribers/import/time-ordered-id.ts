import { randomBytes } from 'node:crypto';

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids
 * of the same millisecond in order, then random bits. Ids made one after another sort in the
 * order they were made, so the rows of a bulk import go to the end of the primary key index and
 * of the foreign-key indexes that point at it, instead of to random pages all over them.
 */
export class TimeOrderedIds {
  private lastMs = 0;
  private counter = 0;
  private pool = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  next(): string {
    const now = this.clock();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.counter = 0;
    } else if (++this.counter > 0xfff) {
      // 4,096 ids in one millisecond: borrow the next one, so order holds.
      this.lastMs += 1;
      this.counter = 0;
    }
    const random = this.random(8);
    random[0] = (random[0]! & 0x3f) | 0x80; // the RFC 9562 variant
    const ms = this.lastMs.toString(16).padStart(12, '0');
    const tail = random.toString('hex');
    return `${ms.slice(0, 8)}-${ms.slice(8)}-7${this.counter.toString(16).padStart(3, '0')}-${tail.slice(0, 4)}-${tail.slice(4)}`;
  }

  private random(bytes: number): Buffer {
    if (this.offset + bytes > this.pool.length) {
      this.pool = randomBytes(8192);
      this.offset = 0;
    }
    this.offset += bytes;
    return this.pool.subarray(this.offset - bytes, this.offset);
  }
}
