import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { runSql } from '../../database/sql.js';

export interface ReplyingSubscriber {
  id: string;
  language: string;
  status: string;
}

export interface ReplyTarget {
  deliveryId: string;
  runId: string;
}

export interface NewResponse {
  channel: string;
  providerMessageId: string;
  subscriberId: string;
  target: ReplyTarget | undefined;
  kind: string;
  language: string;
  body: string | null;
  location: { lat: number; lon: number } | undefined;
  receivedAt: Date;
}

/** How far back "the latest alert delivered to that phone" looks, in dispatch runs. */
const RECENT_RUNS = 50;

/**
 * The SQL of two-way messaging: finding who wrote and which alert they answer, recording the
 * response, and a shared location. (STOP / START and JOIN are the subscribers module's own
 * operations; the shared location stands in for one it does not have yet.)
 */
@Injectable()
export class InboundRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findSubscriberByPhone(phone: string): Promise<ReplyingSubscriber | undefined> {
    const rows = (await this.dataSource.query<ReplyingSubscriber[]>(`SELECT id, language, status FROM subscriber WHERE phone = $1`, [phone]));
    return rows[0];
  }

  /** The delivery a reply refers to: by our provider message id, else the person's latest alert. */
  async findReplyTarget(subscriberId: string, replyTo: string | undefined): Promise<ReplyTarget | undefined> {
    if (replyTo !== undefined) {
      const byContext = (await this.dataSource.query<ReplyTarget[]>(
        `SELECT id::text AS "deliveryId", run_id AS "runId" FROM delivery WHERE provider_message_id = $1 AND subscriber_id = $2 LIMIT 1`,
        [replyTo, subscriberId],
      ));
      if (byContext[0]) return byContext[0];
    }
    // Through the recent runs, so the (run_id, subscriber_id, channel) index serves the lookup.
    const latest = (await this.dataSource.query<ReplyTarget[]>(
      `SELECT d.id::text AS "deliveryId", d.run_id AS "runId"
       FROM (SELECT id, created_at FROM dispatch_run ORDER BY created_at DESC LIMIT ${RECENT_RUNS}) r
       JOIN delivery d ON d.run_id = r.id AND d.subscriber_id = $1
       WHERE d.status IN ('sent', 'delivered', 'read')
       ORDER BY r.created_at DESC, d.id DESC LIMIT 1`,
      [subscriberId],
    ));
    return latest[0];
  }

  /** Records the response once; false when this provider message was already recorded. */
  async insertResponse(manager: EntityManager, response: NewResponse): Promise<boolean> {
    const { affected } = await runSql(
      manager,
      `INSERT INTO response (channel, provider_message_id, subscriber_id, delivery_id, run_id, kind, language, body, position, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::point, $10)
       ON CONFLICT (channel, provider_message_id) DO NOTHING RETURNING id`,
      [
        response.channel,
        response.providerMessageId,
        response.subscriberId,
        response.target?.deliveryId ?? null,
        response.target?.runId ?? null,
        response.kind,
        response.language,
        response.body,
        response.location ? `(${response.location.lon},${response.location.lat})` : null,
        response.receivedAt,
      ],
    );
    return affected > 0;
  }

  /** A shared location replaces the previous shared one; home and work locations stay. */
  async shareLocation(manager: EntityManager, subscriberId: string, location: { lat: number; lon: number }): Promise<void> {
    await runSql(manager, `DELETE FROM subscriber_location WHERE subscriber_id = $1 AND label = $2`, [subscriberId, SHARED_LABEL]);
    await runSql(manager, `INSERT INTO subscriber_location (subscriber_id, label, position) VALUES ($1, $2, $3::point)`, [
      subscriberId,
      SHARED_LABEL,
      `(${location.lon},${location.lat})`,
    ]);
  }
}

export const SHARED_LABEL = 'shared';
