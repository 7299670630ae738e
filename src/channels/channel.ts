/** What one channel adapter is asked to send. It knows no alert and no queue: only this. */
export interface OutboundMessage {
  /** The delivery row id; WhatsApp carries it back in `biz_opaque_callback_data`. */
  deliveryId: string;
  /** Sender identity, e.g. the WhatsApp phone number id. */
  senderId: string;
  /** E.164 phone number (WhatsApp, SMS), email address (email), partner URL (webhook). */
  recipient: string;
  /** BCP 47 language of `text`, e.g. `en`, `es`, `pt-BR`. */
  language: string;
  text: string;
  /** A short title for channels that show one (the email subject): the alert's headline. */
  subject?: string;
  /**
   * When the sender's pacing allowed this request (epoch ms, database clock). The WhatsApp adapter
   * passes it on as `X-Beacon-Slot-At`; the simulator records it to check the pace it was given.
   */
  slotAt?: number;
}

export type SendOutcome =
  | { kind: 'accepted'; providerMessageId: string }
  /** Try again later: 5xx, timeouts before sending, rate limits (`rateLimited` true: slow the sender down, unless `perRecipient`: only that recipient waits). */
  | { kind: 'retryable'; code: string; message: string; rateLimited: boolean; retryAfterMs?: number; perRecipient?: true }
  /** Never retry: invalid number, not on WhatsApp, template rejected. */
  | { kind: 'permanent'; code: string; message: string }
  /** The request may have reached the provider (timeout after sending): reconcile, do not resend blindly. */
  | { kind: 'unknown'; code: string; message: string };

/** A free-form reply to a person who wrote to us (an acknowledgement), not an alert. */
export interface TextMessage {
  senderId: string;
  /** E.164 phone number. */
  recipient: string;
  text: string;
  /** The provider id of the person's message this answers, when the channel can thread replies. */
  replyTo?: string;
}

export interface ChannelAdapter {
  readonly channel: string;
  /** Sender identities of this adapter; a run's load is shared between them. */
  readonly senderIds: readonly string[];
  send(message: OutboundMessage): Promise<SendOutcome>;
  /** Free-form text (WhatsApp: only inside the 24-hour customer-service window). */
  sendText?(message: TextMessage): Promise<SendOutcome>;
}
