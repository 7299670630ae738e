import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChainVerifier, type AuditEntry, type ChainedEvent } from './audit-chain.js';
import { AuditRepository, type AuditFilter } from './audit.repository.js';
import type { SealVerifier } from './seal-verifier.js';

export interface VerifyResult {
  ok: boolean;
  events: number;
  firstBrokenSeq?: number;
  reason?: string;
}

@Injectable()
export class AuditService {
  private readonly sealVerifiers = new Map<string, SealVerifier>();

  constructor(private readonly repository: AuditRepository) {}

  registerSealVerifier(verifier: SealVerifier): void {
    this.sealVerifiers.set(verifier.action, verifier);
  }

  record(manager: EntityManager, entry: AuditEntry): Promise<ChainedEvent> {
    return this.repository.append(manager, entry);
  }

  /** Recomputes the chain, then checks every sealed record set against its seal; names the first break. */
  async verify(): Promise<VerifyResult> {
    const verifier = new ChainVerifier();
    const sealed: ChainedEvent[] = [];
    for await (const page of this.repository.readChain()) {
      verifier.feed(page);
      sealed.push(...page.filter((event) => this.sealVerifiers.has(event.action)));
    }
    const { ok, events, firstBroken } = verifier.result();
    if (firstBroken) return { ok, events, firstBrokenSeq: firstBroken.seq, reason: firstBroken.reason };
    for (const event of sealed) {
      if (!(await this.sealVerifiers.get(event.action)!.matches(event))) {
        return { ok: false, events, firstBrokenSeq: event.seq, reason: 'sealed_records_altered' };
      }
    }
    return { ok, events };
  }

  search(filter: AuditFilter) {
    return this.repository.search(filter);
  }

  /** The matching events in seq order, a page at a time, for streamed export. */
  export(filter: Omit<AuditFilter, 'limit' | 'beforeSeq'>) {
    return this.repository.readChain(5000, filter);
  }
}
