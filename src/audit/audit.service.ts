import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { ChainVerifier, type AuditEntry, type ChainedEvent } from './audit-chain.js';
import { AuditRepository } from './audit.repository.js';

export interface VerifyResult {
  ok: boolean;
  events: number;
  firstBrokenSeq?: number;
  reason?: string;
}

@Injectable()
export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  record(manager: EntityManager, entry: AuditEntry): Promise<ChainedEvent> {
    return this.repository.append(manager, entry);
  }

  async verify(): Promise<VerifyResult> {
    const verifier = new ChainVerifier();
    for await (const page of this.repository.readChain()) verifier.feed(page);
    const { ok, events, firstBroken } = verifier.result();
    return firstBroken ? { ok, events, firstBrokenSeq: firstBroken.seq, reason: firstBroken.reason } : { ok, events };
  }

  search(filter: { subjectId?: string; action?: string; limit: number }) {
    return this.repository.search(filter);
  }
}
