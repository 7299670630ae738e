import { describe, expect, it } from 'vitest';
import { canonicalJson, chain, ChainVerifier, GENESIS_HASH, type ChainedEvent } from '../../src/audit/audit-chain.js';

function buildChain(length: number): ChainedEvent[] {
  const events: ChainedEvent[] = [];
  for (let i = 0; i < length; i++) {
    const previous = events.at(-1) ?? null;
    events.push(chain(previous, { actor: `op-${i}`, action: 'alert.created', subjectType: 'alert', subjectId: `a-${i}`, data: { n: i, nested: { b: 1, a: 2 } } }, new Date(1_700_000_000_000 + i)));
  }
  return events;
}

function verify(events: ChainedEvent[]) {
  const verifier = new ChainVerifier();
  verifier.feed(events);
  return verifier.result();
}

describe('audit chain', () => {
  it('links each event to the previous hash, starting from the genesis hash', () => {
    const events = buildChain(3);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    expect(events[1]!.prevHash).toBe(events[0]!.hash);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(verify(events)).toEqual({ ok: true, events: 3, firstBroken: null });
  });

  it('names the first altered event', () => {
    const events = buildChain(5);
    events[2] = { ...events[2]!, data: { n: 99 } };
    expect(verify(events).firstBroken).toEqual({ seq: 3, reason: 'hash_mismatch' });
  });

  it('catches a removed event and reordered events', () => {
    const removed = buildChain(5);
    removed.splice(1, 1);
    expect(verify(removed).firstBroken).toEqual({ seq: 3, reason: 'sequence_gap' });
    const swapped = buildChain(5);
    [swapped[1], swapped[2]] = [swapped[2]!, swapped[1]!];
    expect(verify(swapped).firstBroken?.seq).toBe(3);
  });

  it('catches a rewritten chain tail whose hashes were recomputed but not its predecessor link', () => {
    const events = buildChain(4);
    const forged = chain({ seq: 2, hash: 'f'.repeat(64) }, { actor: 'x', action: 'y', subjectType: 'z', subjectId: 'w', data: {} }, new Date(0));
    events[2] = forged;
    expect(verify(events).firstBroken).toEqual({ seq: 3, reason: 'prev_hash_mismatch' });
  });

  it('encodes objects canonically, whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });
});
