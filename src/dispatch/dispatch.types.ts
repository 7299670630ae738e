export interface ClaimedDelivery {
  id: string;
  runId: string;
  channel: string;
  recipient: string;
  language: string;
  attempts: number;
  priority: number;
}

export type DeliveryOutcome =
  | { id: string; kind: 'sent'; senderId: string; providerMessageId: string }
  | { id: string; kind: 'retry'; senderId: string | null; code: string; message: string; retryAt: Date }
  | { id: string; kind: 'failed'; senderId: string | null; code: string; message: string }
  /** The request may have gone out: wait for a status webhook, re-send only after `retryAt`. */
  | { id: string; kind: 'unknown'; senderId: string; code: string; message: string; retryAt: Date }
  /** Claimed but not sent (shutdown): give the lease back untouched. */
  | { id: string; kind: 'released' };

export interface RunProgress {
  /** People: the first delivery of each; the other counts are per delivery (one per channel tried). */
  targeted: number;
  queued: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  /** Deliveries on a person's next channel after a permanent failure or no confirmed delivery in time. */
  fallbacks: number;
}

export interface RunSpec {
  priority: number;
  messages: Record<string, string>;
  defaultLanguage: string;
  /** Nothing is sent after this (the alert's CAP `expires`); null: no expiry. */
  expiresAt?: Date | null;
  /** A title for channels that show one (the email subject). */
  subject?: string | null;
  /** The channels the alert allowed; a channel fallback stays within them. Null or absent: any. */
  channels?: readonly string[] | null;
}

/** A run ended: every delivery reached a final status, or an operator aborted it. */
export type RunEvent = { type: 'run.completed' | 'run.aborted'; runId: string; digest: string; deliveries: number };
