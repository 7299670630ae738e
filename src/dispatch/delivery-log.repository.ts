import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface DeliveryFilter {
  status?: string;
  channel?: string;
  /** Rows after this delivery id (keyset pagination). */
  afterId?: string;
  limit: number;
}

export interface DeliveryRecord {
  id: string;
  subscriberId: string;
  channel: string;
  recipient: string;
  language: string;
  status: string;
  attempts: number;
  senderId: string | null;
  providerMessageId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  leaseTakeovers: number;
  unknownOutcomes: number;
  queuedAt: Date;
  sentAt: Date | null;
  deliveredAt: Date | null;
  readAt: Date | null;
  failedAt: Date | null;
}

/** Reads one run's dispatch log, in delivery id order, a page at a time. */
@Injectable()
export class DeliveryLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  list(runId: string, filter: DeliveryFilter): Promise<DeliveryRecord[]> {
    return this.dataSource.query(
      `SELECT id::text, subscriber_id AS "subscriberId", channel, recipient, language, status, attempts,
              sender_id AS "senderId", provider_message_id AS "providerMessageId", error_code AS "errorCode",
              error_message AS "errorMessage", lease_takeovers AS "leaseTakeovers", unknown_outcomes AS "unknownOutcomes",
              queued_at AS "queuedAt", sent_at AS "sentAt", delivered_at AS "deliveredAt", read_at AS "readAt", failed_at AS "failedAt"
       FROM delivery
       WHERE run_id = $1 AND ($2::text IS NULL OR status = $2) AND ($3::text IS NULL OR channel = $3) AND ($4::bigint IS NULL OR id > $4)
       ORDER BY id
       LIMIT $5`,
      [runId, filter.status ?? null, filter.channel ?? null, filter.afterId ?? null, filter.limit],
    );
  }

  /** Whether any of the runs sent a message, or has one in flight that may have gone out (an Update or Cancel must follow it). */
  async reachedAnyone(manager: EntityManager, runIds: readonly string[]): Promise<boolean> {
    if (runIds.length === 0) return false;
    const rows: { reached: boolean }[] = await manager.query(
      `SELECT EXISTS (SELECT 1 FROM delivery WHERE run_id = ANY($1::uuid[]) AND status IN ('sending', 'sent', 'delivered', 'read')) AS reached`,
      [runIds],
    );
    return rows[0]?.reached === true;
  }

  /** Deliveries whose outcome was unknown at some point: a lease taken over, or a send that timed out. */
  async uncertain(runId: string): Promise<{ leaseTakeovers: number; unknownOutcomes: number }> {
    const rows: { lease_takeovers: string | null; unknown_outcomes: string | null }[] = await this.dataSource.query(
      `SELECT sum(lease_takeovers) AS lease_takeovers, sum(unknown_outcomes) AS unknown_outcomes FROM delivery WHERE run_id = $1`,
      [runId],
    );
    return { leaseTakeovers: Number(rows[0]?.lease_takeovers ?? 0), unknownOutcomes: Number(rows[0]?.unknown_outcomes ?? 0) };
  }
}
