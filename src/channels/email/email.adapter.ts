import type { ChannelAdapter, OutboundMessage, SendOutcome } from '../channel.js';
import { emailContent } from './email-content.js';
import { interpretSmtpError } from './smtp-outcome.js';
import type { MailTransport } from './smtp-transport.js';

/**
 * Sends alerts as email (plain text and HTML) over SMTP. Sender identities are the From addresses;
 * a run's load is shared between them, each paced on its own. The delivery id rides along in
 * `X-Beacon-Delivery`; the provider message id is the Message-ID.
 */
export class EmailAdapter implements ChannelAdapter {
  readonly channel = 'email';
  readonly senderIds: readonly string[];

  constructor(
    senderIds: readonly string[],
    private readonly transport: MailTransport,
  ) {
    this.senderIds = [...senderIds];
  }

  async send(message: OutboundMessage): Promise<SendOutcome> {
    const { subject, text, html } = emailContent(message);
    try {
      const info = await this.transport.sendMail({
        from: message.senderId,
        to: message.recipient,
        subject,
        text,
        html,
        headers: { 'X-Beacon-Delivery': message.deliveryId, 'Content-Language': message.language },
      });
      return { kind: 'accepted', providerMessageId: info.messageId };
    } catch (error) {
      return interpretSmtpError(error);
    }
  }

  /** Closes the pooled connections (Nest calls it on shutdown). */
  onApplicationShutdown(): void {
    this.transport.close();
  }
}
