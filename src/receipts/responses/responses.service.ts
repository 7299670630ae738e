import { Injectable } from '@nestjs/common';
import { type HelpRequestRow, type ResponseTally, ResponsesRepository } from './responses.repository.js';

export interface TallyView extends ResponseTally {
  alertId: string;
}

export interface HelpRequestView {
  subscriberId: string;
  phone: string | null;
  language: string;
  channel: string;
  receivedAt: string;
  message: string | null;
  location: { lat: number; lon: number; source: 'shared' | 'registered' } | null;
}

const NO_TALLY: ResponseTally = { safe: 0, help: 0, responded: 0, messages: 0 };

@Injectable()
export class ResponsesService {
  constructor(private readonly repository: ResponsesRepository) {}

  async tally(alertId: string): Promise<TallyView> {
    const runId = await this.repository.runOfAlert(alertId);
    return { alertId, ...(runId === null ? NO_TALLY : await this.repository.tally(runId)) };
  }

  async helpRequests(alertId: string, limit: number): Promise<{ alertId: string; requests: HelpRequestView[] }> {
    const runId = await this.repository.runOfAlert(alertId);
    const rows = runId === null ? [] : await this.repository.helpRequests(runId, limit);
    return { alertId, requests: rows.map(toView) };
  }
}

function toView(row: HelpRequestRow): HelpRequestView {
  return {
    subscriberId: row.subscriberId,
    phone: row.phone,
    language: row.language,
    channel: row.channel,
    receivedAt: row.receivedAt.toISOString(),
    message: row.body,
    location: row.lat === null || row.lon === null ? null : { lat: row.lat, lon: row.lon, source: row.locationLabel === 'shared' ? 'shared' : 'registered' },
  };
}
