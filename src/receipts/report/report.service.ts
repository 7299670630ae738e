import { Injectable } from '@nestjs/common';
import { ResponsesRepository } from '../responses/responses.repository.js';
import { ReportRepository } from './report.repository.js';
import { type AlertReport, buildReport } from './report.view.js';

@Injectable()
export class ReportService {
  constructor(
    private readonly repository: ReportRepository,
    private readonly responses: ResponsesRepository,
  ) {}

  async report(alertId: string): Promise<AlertReport> {
    const runId = await this.repository.runOfAlert(alertId);
    if (runId === null) return buildReport({ alertId, runId, groups: [], failures: [], regions: [], responses: { safe: 0, help: 0, responded: 0 } });
    const [groups, failures, regions, tally] = await Promise.all([
      this.repository.groups(runId),
      this.repository.failures(runId),
      this.repository.regions(runId),
      this.responses.tally(runId),
    ]);
    return buildReport({ alertId, runId, groups, failures, regions, responses: { safe: tally.safe, help: tally.help, responded: tally.responded } });
  }
}
