/** Delivery statuses and their order. A status only ever moves up this order. */
export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'delivered', 'read'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Statuses a provider can report for a message it accepted. */
export type ProviderStatus = 'sent' | 'delivered' | 'read' | 'failed';

const RANK: Record<DeliveryStatus, number> = { queued: 0, sending: 1, sent: 2, failed: 3, delivered: 4, read: 5 };

export function statusRank(status: DeliveryStatus): number {
  return RANK[status];
}

/** The status after `incoming` is reported for a delivery now in `current`: never backwards. */
export function advanceStatus(current: DeliveryStatus, incoming: DeliveryStatus): DeliveryStatus {
  return RANK[incoming] > RANK[current] ? incoming : current;
}

/** One provider status report, already verified and parsed by the receipts module. */
export interface StatusUpdate {
  /** From the provider's callback reference (our delivery id), when present and well-formed. */
  deliveryId: string | null;
  providerMessageId: string;
  status: ProviderStatus;
  at: Date;
  errorCode?: string;
  errorMessage?: string;
}
