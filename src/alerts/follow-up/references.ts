import { capHeaderOf, type CapSourceAlert } from '../cap/alert-to-cap.js';

type Referenced = Pick<CapSourceAlert, 'id' | 'capIdentifier' | 'capSender' | 'capSent' | 'capReferences' | 'createdAt'>;

/**
 * CAP `references` of a message that follows `earlier`: what `earlier` referenced, then `earlier`
 * itself, as "sender,identifier,sent" triples separated by spaces (CAP 1.2, 3.2.1), each once.
 */
export function referencesAfter(earlier: Referenced, ownSender: string): string {
  const { identifier, sender, sent } = capHeaderOf(earlier, ownSender);
  const triples = [...(earlier.capReferences?.trim().split(/\s+/).filter(Boolean) ?? []), `${sender},${identifier},${sent}`];
  return [...new Set(triples)].join(' ');
}
