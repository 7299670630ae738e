/** A message a person sent to Beacon, whatever the channel. */
export interface InboundMessage {
  channel: 'whatsapp' | 'sms';
  /** The provider's id of this inbound message (deduplicates retried webhooks). */
  providerMessageId: string;
  /** E.164, with '+'. */
  from: string;
  at: Date;
  /** Our sender identity the person wrote to (WhatsApp phone number id, SMS number). */
  to?: string;
  /** The provider id of our message this one replies to (WhatsApp `context.id`). */
  replyTo?: string;
  /** Text typed, or the title/payload of a tapped button. */
  text?: string;
  /** A button's payload, set by us on the template: preferred over the text for keywords. */
  payload?: string;
  location?: { lat: number; lon: number };
}
