import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import { JoinService } from '../../subscribers/optin/join.service.js';
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
    private readonly joins: JoinService,
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
    const subscriber = (await this.repository.findSubscriberByPhone(message.from)) ?? (await this.joinStranger(message, now));
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
      return this.applyKeyword(manager, subscriber, keyword, message);
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

  /**
   * JOIN from a number Beacon does not know subscribes it (then the message is handled as anyone's);
   * for an unknown area it is only answered. Anything else from a stranger is ignored.
   */
  private async joinStranger(message: InboundMessage, now: Date): Promise<ReplyingSubscriber | undefined> {
    const keyword = recognise(message, undefined);
    if (keyword?.keyword !== 'join') return undefined;
    const language = replyLanguage(undefined, keyword.language);
    const joined = await this.dataSource.transaction((manager) =>
      this.joins.subscribeByAreaName(manager, { phone: message.from, text: keyword.argument ?? '', channel: message.channel, language, now }),
    );
    if (joined.outcome === 'joined') return { id: joined.subscriberId, language, status: 'active' };
    if (insideServiceWindow(message.at, now)) {
      this.acknowledger.send({ channel: message.channel, recipient: message.from, senderHint: message.to, text: acknowledgement('join_unknown', language, { area: joined.text }), replyTo: message.providerMessageId });
    }
    return undefined;
  }

  private async applyKeyword(
    manager: EntityManager,
    subscriber: ReplyingSubscriber,
    keyword: RecognisedKeyword | undefined,
    message: InboundMessage,
  ): Promise<Handled> {
    switch (keyword?.keyword) {
      case undefined:
        return { ack: 'unrecognised' };
      case 'stop':
        return { ack: 'stop' };
      case 'start':
        return { ack: 'start' };
      case 'join': {
        // The subscribers module's JOIN: follows the area (by name, key or geocode), re-activates after a STOP, audits.
        const name = keyword.argument ?? '';
        const joined = await this.joins.subscribeByAreaName(manager, { phone: message.from, text: name, channel: message.channel, language: subscriber.language });
        if (joined.outcome === 'unknown_area') return { ack: 'join_unknown', area: name };
        return { ack: 'join', area: joined.area.name };
      }
      case 'help':
        return { ack: 'help' };
      case 'safe':
        return { ack: 'safe' };
    }
  }
}

/** A button's payload is ours and wins; otherwise the text. */
function recognise(message: InboundMessage, language: string | undefined): RecognisedKeyword | undefined {
  return (message.payload === undefined ? undefined : recognizeKeyword(message.payload, language)) ?? (message.text === undefined ? undefined : recognizeKeyword(message.text, language));
}
