import { randomBytes } from 'node:crypto';

const HEX3 = Array.from({ length: 4096 }, (_, n) => n.toString(16).padStart(3, '0'));
/** The RFC 9562 variant: the first hex digit of the fourth group is 8, 9, a or b. */
const VARIANT = '89ab89ab89ab89ab';
const POOL_BYTES = 8192;

/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds, then a 12-bit counter that keeps ids
 * of the same millisecond in order, then random bits. Ids made one after another sort in the
 * order they were made, so the rows of a bulk import go to the end of the primary key index and
 * of the indexes that point at it, instead of to random pages all over them. Made from strings
 * (a hex pool of random bytes, the millisecond's prefix kept), as the import makes millions.
 */
export class TimeOrderedIds {
  private lastMs = 0;
  private counter = 0;
  private prefix = '';
  private pool = '';
  private offset = 0;

  constructor(private readonly clock: () => number = Date.now) {}

  next(): string {
    const now = this.clock();
    if (now > this.lastMs) {
      this.setMs(now);
    } else if (++this.counter > 0xfff) {
      // 4,096 ids in one millisecond: borrow the next one, so order holds.
      this.setMs(this.lastMs + 1);
    }
    if (this.offset + 16 > this.pool.length) {
      this.pool = randomBytes(POOL_BYTES).toString('hex');
      this.offset = 0;
    }
    const at = this.offset;
    this.offset += 16;
    const random = this.pool;
    return `${this.prefix}${HEX3[this.counter]}-${VARIANT[parseInt(random[at]!, 16)]}${random.slice(at + 1, at + 4)}-${random.slice(at + 4, at + 16)}`;
  }

  private setMs(ms: number): void {
    this.lastMs = ms;
    this.counter = 0;
    const hex = ms.toString(16).padStart(12, '0');
    this.prefix = `${hex.slice(0, 8)}-${hex.slice(8)}-7`;
  }
}
