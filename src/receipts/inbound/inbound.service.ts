import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { SubscriberOptOutService } from '../../subscribers/subscriber-optout.service.js';
import { type AckKind, acknowledgement, insideServiceWindow } from './acknowledgements.js';
import { Acknowledger } from './acknowledger.js';
import type { InboundMessage } from './inbound-message.js';
import { InboundRepository, type ReplyingSubscriber } from './inbound.repository.js';
import { type RecognisedKeyword, recognizeKeyword, replyLanguage } from './keywords.js';

export interface InboundResult {
  /** Messages recorded as responses now. */
  recorded: number;
  /** Already recorded (a retried webhook), or from a number Beacon does not know. */
  skipped: number;
}

interface Handled {
  ack: AckKind;
  area?: string;
}

/**
 * What people write back: keywords change their subscription (STOP / START / JOIN), SAFE and HELP
 * answer the alert they received, a shared location moves them. Each message is recorded once,
 * its effect applied in the same transaction, and acknowledged in the person's language.
 */
@Injectable()
export class InboundService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: InboundRepository,
    private readonly audit: AuditService,
    private readonly acknowledger: Acknowledger,
    private readonly optOut: SubscriberOptOutService,
  ) {}

  async handle(messages: readonly InboundMessage[], now = new Date()): Promise<InboundResult> {
    const result: InboundResult = { recorded: 0, skipped: 0 };
    for (const message of messages) {
      if (await this.handleOne(message, now)) result.recorded++;
      else result.skipped++;
    }
    return result;
  }

  private async handleOne(message: InboundMessage, now: Date): Promise<boolean> {
    const subscriber = await this.repository.findSubscriberByPhone(message.from);
    if (!subscriber || subscriber.status === 'erased') return false;
    const keyword = recognise(message, subscriber.language);
    const language = replyLanguage(subscriber.language, keyword?.language);
    const target = await this.repository.findReplyTarget(subscriber.id, message.replyTo);
    // STOP / START go through the subscribers module (which also withdraws queued deliveries and
    // audits); both are idempotent, so a retried webhook applying them again changes nothing.
    const source = `${message.channel}-reply`;
    if (keyword?.keyword === 'stop') await this.optOut.stopByPhone(message.from, source);
    if (keyword?.keyword === 'start') await this.optOut.startByPhone(message.from, source);
    const handled = await this.dataSource.transaction(async (manager): Promise<Handled | undefined> => {
      const kind = keyword?.keyword ?? (message.location ? 'location' : 'text');
      const fresh = await this.repository.insertResponse(manager, {
        channel: message.channel,
        providerMessageId: message.providerMessageId,
        subscriberId: subscriber.id,
        target,
        kind,
        language,
        body: message.text ?? message.payload ?? null,
        location: message.location,
        receivedAt: message.at,
      });
      if (!fresh) return undefined;
      const record = (action: string, data: Record<string, unknown> = {}) =>
        this.audit.record(manager, { actor: `subscriber:${subscriber.id}`, action, subjectType: 'subscriber', subjectId: subscriber.id, data: { channel: message.channel, ...data } });
      if (message.location) {
        await this.repository.shareLocation(manager, subscriber.id, message.location);
        await record('subscriber.location_shared');
        return { ack: 'location' };
      }
      return this.applyKeyword(manager, subscriber, keyword, record);
    });
    if (!handled) return false;
    if (insideServiceWindow(message.at, now)) {
      this.acknowledger.send({
        channel: message.channel,
        recipient: message.from,
        senderHint: message.to,
        text: acknowledgement(handled.ack, language, { area: handled.area }),
        replyTo: message.providerMessageId,
      });
    }
    return true;
  }

  private async applyKeyword(
    manager: EntityManager,
    subscriber: ReplyingSubscriber,
    keyword: RecognisedKeyword | undefined,
    record: (action: string, data?: Record<string, unknown>) => Promise<unknown>,
  ): Promise<Handled> {
    switch (keyword?.keyword) {
      case undefined:
        return { ack: 'unrecognised' };
      case 'stop':
        return { ack: 'stop' };
      case 'start':
        return { ack: 'start' };
      case 'join': {
        const name = keyword.argument ?? '';
        const area = await this.repository.join(manager, subscriber.id, name);
        if (!area) return { ack: 'join_unknown', area: name };
        await record('subscriber.region_joined', { areaId: area.id });
        return { ack: 'join', area: area.name };
      }
      case 'help':
        return { ack: 'help' };
      case 'safe':
        return { ack: 'safe' };
    }
  }
}

/** A button's payload is ours and wins; otherwise the text. */
function recognise(message: InboundMessage, language: string): RecognisedKeyword | undefined {
  return (message.payload === undefined ? undefined : recognizeKeyword(message.payload, language)) ?? (message.text === undefined ? undefined : recognizeKeyword(message.text, language));
}
