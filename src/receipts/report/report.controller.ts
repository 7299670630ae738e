import { Controller, Get, Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../auth/public.decorator.js';
import { ReportService } from './report.service.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts/:id/report')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  /** Reached, delivered, read, failed by reason, by channel / language / region, latency percentiles. */
  @Roles('operator', 'approver', 'admin', 'auditor')
  @Get()
  report(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.reports.report(id);
  }
}
