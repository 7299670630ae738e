import type { ChainedEvent } from './audit-chain.js';

/**
 * A module that seals a digest of its own records into the chain (dispatch logs) registers one of
 * these, so verification also proves the sealed records were not altered afterwards. Audit itself
 * knows nothing of what is sealed.
 */
export interface SealVerifier {
  /** The audit action whose events carry a seal. */
  readonly action: string;
  /** True when the records behind the event still hash to what was sealed. */
  matches(event: ChainedEvent): Promise<boolean>;
}
