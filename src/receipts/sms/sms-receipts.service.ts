import { TwilioSignature, type FormParams } from '../../channels/sms/twilio-signature.js';
import type { InboundMessage } from '../inbound/inbound-message.js';
import type { InboundHandler } from '../whatsapp-receipts.service.js';
import { ReceiptsError } from '../receipts.errors.js';
import type { StatusBatcher } from '../status-batcher.js';
import { parseSmsStatus } from './sms-status.parser.js';

export interface SignedForm {
  /** The full URL the provider called, query string included: the signature covers it. */
  url: string;
  params: FormParams;
  signature: string | undefined;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Twilio-style status callbacks and incoming messages, each checked against `X-Twilio-Signature` first. */
export class SmsReceiptsService {
  private readonly signature: TwilioSignature;

  constructor(
    authToken: string,
    private readonly batcher: StatusBatcher,
    private readonly inbound: InboundHandler,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.signature = new TwilioSignature(authToken);
  }

  async status(form: SignedForm, deliveryParam: unknown): Promise<{ statuses: number }> {
    this.check(form);
    const update = parseSmsStatus(form.params, deliveryParam, this.clock());
    if (update) await this.batcher.submit([update]);
    return { statuses: update ? 1 : 0 };
  }

  async message(form: SignedForm): Promise<{ messages: number }> {
    this.check(form);
    const { MessageSid, From, To, Body } = form.params;
    if (typeof MessageSid !== 'string' || typeof From !== 'string' || !E164.test(From) || typeof Body !== 'string') return { messages: 0 };
    const message: InboundMessage = { channel: 'sms', providerMessageId: MessageSid, from: From, at: this.clock(), text: Body, ...(typeof To === 'string' ? { to: To } : {}) };
    await this.inbound.handle([message]);
    return { messages: 1 };
  }

  private check(form: SignedForm): void {
    if (!this.signature.verify(form.url, form.params, form.signature)) {
      throw new ReceiptsError('webhook.invalid_signature', 'The X-Twilio-Signature header is missing or does not match the request.');
    }
  }
}
