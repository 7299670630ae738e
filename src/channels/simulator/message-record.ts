/**
 * What a simulator received, for tests and benchmarks to inspect: a count of everything and the
 * newest `max` messages (older ones are dropped so a long run cannot exhaust memory).
 */
export class MessageRecord<T> {
  private stored: T[] = [];
  private received = 0;

  constructor(private readonly max = 100_000) {}

  /** Whether messages are kept (else only counted). */
  get keeping(): boolean {
    return this.max > 0;
  }

  add(message: T): void {
    this.received++;
    if (this.max <= 0) return;
    this.stored.push(message);
    if (this.stored.length > this.max) this.stored.splice(0, this.stored.length - this.max);
  }

  /** Counts a message without keeping it. */
  count(): void {
    this.received++;
  }

  messages(): readonly T[] {
    return this.stored;
  }

  total(): number {
    return this.received;
  }

  /** Forgets every message; returns how many had been received. */
  reset(): number {
    const cleared = this.received;
    this.stored = [];
    this.received = 0;
    return cleared;
  }
}
