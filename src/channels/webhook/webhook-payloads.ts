/** What is posted for one webhook delivery, and the secret that signs it. */
export interface WebhookPayload {
  body: string;
  contentType: string;
  secret: string;
}

/**
 * The webhook adapter's port: the body of a delivery (the alert as CAP XML or JSON) and its partner's
 * secret. Channels know no alert and no partner; the implementation lives with the partners
 * (src/partners/partner-payloads.ts) and is bound in ChannelsModule.
 */
export abstract class WebhookPayloads {
  /** Undefined when there is nothing to send: the partner was disabled or the alert is gone. */
  abstract forDelivery(deliveryId: string): Promise<WebhookPayload | undefined>;
}
