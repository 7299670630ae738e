import { createHash } from 'node:crypto';

/** The content of one audit event; `seq`, `at` and the hashes are added when it is chained. */
export interface AuditEntry {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  data: Record<string, unknown>;
}

export interface ChainedEvent extends AuditEntry {
  seq: number;
  at: Date;
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The hash covers the previous hash and every field of the event, in a canonical encoding. */
export function hashEvent(event: Omit<ChainedEvent, 'hash'>): string {
  const body = canonicalJson({
    seq: event.seq,
    at: event.at.toISOString(),
    actor: event.actor,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    data: event.data,
  });
  return createHash('sha256').update(event.prevHash).update('\n').update(body).digest('hex');
}

export function chain(previous: { seq: number; hash: string } | null, entry: AuditEntry, at: Date): ChainedEvent {
  const seq = previous ? previous.seq + 1 : 1;
  const prevHash = previous ? previous.hash : GENESIS_HASH;
  const unhashed = { ...entry, seq, at, prevHash };
  return { ...unhashed, hash: hashEvent(unhashed) };
}

export type BreakReason = 'sequence_gap' | 'prev_hash_mismatch' | 'hash_mismatch';

/** Checks events in seq order, carrying state across batches; returns the first broken link. */
export class ChainVerifier {
  private previous: { seq: number; hash: string } | null = null;
  private count = 0;
  private broken: { seq: number; reason: BreakReason } | null = null;

  feed(events: readonly ChainedEvent[]): void {
    for (const event of events) {
      this.count += 1;
      if (this.broken) continue;
      const reason = this.check(event);
      if (reason) this.broken = { seq: event.seq, reason };
      this.previous = { seq: event.seq, hash: event.hash };
    }
  }

  result() {
    return { ok: this.broken === null, events: this.count, firstBroken: this.broken };
  }

  private check(event: ChainedEvent): BreakReason | null {
    const expectedSeq = this.previous ? this.previous.seq + 1 : 1;
    if (event.seq !== expectedSeq) return 'sequence_gap';
    if (event.prevHash !== (this.previous ? this.previous.hash : GENESIS_HASH)) return 'prev_hash_mismatch';
    if (hashEvent(event) !== event.hash) return 'hash_mismatch';
    return null;
  }
}

/** JSON with object keys sorted at every depth, so jsonb's key reordering does not change the hash. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value instanceof Date) return value.toISOString();
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
  }
  return value;
}
