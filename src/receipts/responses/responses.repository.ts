import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { runOfAlert } from './alert-run.js';

export interface ResponseTally {
  /** People whose latest SAFE-or-HELP answer is SAFE / HELP. */
  safe: number;
  help: number;
  /** People who answered anything, and how many messages they sent. */
  responded: number;
  messages: number;
}

export interface HelpRequestRow {
  subscriberId: string;
  phone: string | null;
  language: string;
  receivedAt: Date;
  body: string | null;
  channel: string;
  lat: number | null;
  lon: number | null;
  locationLabel: string | null;
}

/** The latest SAFE or HELP answer of each person to one run: someone who asked for help and then said SAFE is safe. */
const LATEST = `
  SELECT DISTINCT ON (r.subscriber_id) r.subscriber_id, r.kind, r.received_at, r.body, r.channel
  FROM response r WHERE r.run_id = $1 AND r.kind IN ('safe', 'help')
  ORDER BY r.subscriber_id, r.received_at DESC, r.id DESC`;

@Injectable()
export class ResponsesRepository {
  constructor(private readonly dataSource: DataSource) {}

  runOfAlert(alertId: string): Promise<string | null> {
    return runOfAlert(this.dataSource, alertId);
  }

  async tally(runId: string): Promise<ResponseTally> {
    const rows = (await this.dataSource.query<ResponseTally[]>(
      `WITH latest AS (${LATEST})
       SELECT (SELECT count(*) FROM latest WHERE kind = 'safe')::int AS safe,
              (SELECT count(*) FROM latest WHERE kind = 'help')::int AS help,
              count(DISTINCT r.subscriber_id)::int AS responded,
              count(r.id)::int AS messages
       FROM response r WHERE r.run_id = $1`,
      [runId],
    ));
    return rows[0] ?? { safe: 0, help: 0, responded: 0, messages: 0 };
  }

  /** People whose latest answer is HELP, oldest request first, with their best known location: shared, else registered. */
  async helpRequests(runId: string, limit: number): Promise<HelpRequestRow[]> {
    return (await this.dataSource.query<HelpRequestRow[]>(
      `WITH latest AS (${LATEST})
       SELECT l.subscriber_id AS "subscriberId", s.phone, s.language, l.received_at AS "receivedAt", l.body, l.channel,
              loc.position[1] AS lat, loc.position[0] AS lon, loc.label AS "locationLabel"
       FROM latest l
       JOIN subscriber s ON s.id = l.subscriber_id
       LEFT JOIN LATERAL (
         SELECT position, label FROM subscriber_location WHERE subscriber_id = l.subscriber_id
         ORDER BY (label IS NOT DISTINCT FROM 'shared') DESC, id DESC LIMIT 1
       ) loc ON true
       WHERE l.kind = 'help'
       ORDER BY l.received_at, l.subscriber_id
       LIMIT $2`,
      [runId, limit],
    ));
  }
}
