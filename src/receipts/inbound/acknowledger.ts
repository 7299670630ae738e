import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { SendOutcome } from '../../channels/channel.js';
import { ChannelRegistry } from '../../channels/channel-registry.js';

export interface Acknowledgement {
  channel: string;
  /** E.164. */
  recipient: string;
  /** The sender identity the person wrote to; the reply leaves from it when it is ours. */
  senderHint: string | undefined;
  text: string;
  replyTo?: string;
}

/**
 * Sends acknowledgements after the response is committed, without holding up the webhook answer.
 * A failed acknowledgement is logged, never retried: the person's message is recorded either way.
 */
@Injectable()
export class Acknowledger implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Acknowledger');
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly channels: ChannelRegistry) {}

  send(ack: Acknowledgement): void {
    const sending: Promise<void> = this.deliver(ack).finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  /** Resolves when every acknowledgement started so far has been answered. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  async beforeApplicationShutdown() {
    await this.settle();
  }

  private async deliver(ack: Acknowledgement): Promise<void> {
    const adapter = this.channels.get(ack.channel);
    if (!adapter?.sendText) return;
    const senderId = ack.senderHint !== undefined && adapter.senderIds.includes(ack.senderHint) ? ack.senderHint : adapter.senderIds[0];
    if (senderId === undefined) return;
    const outcome = await adapter
      .sendText({ senderId, recipient: ack.recipient, text: ack.text, ...(ack.replyTo === undefined ? {} : { replyTo: ack.replyTo }) })
      .catch((error: unknown): SendOutcome => ({ kind: 'permanent', code: 'adapter_error', message: String(error) }));
    if (outcome.kind !== 'accepted') this.logger.warn(`Acknowledgement on ${ack.channel} not sent: ${outcome.code} ${outcome.message}`);
  }
}
