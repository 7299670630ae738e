import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/public.decorator.js';
import { csvLine, CSV_COLUMNS, toAuditEventView, toCsvRow } from './audit-event.view.js';
import { AuditService } from './audit.service.js';
import { AuditExportDto, AuditQueryDto, type AuditFilterDto } from './dto/audit-query.dto.js';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Roles('auditor', 'admin')
  @Get('verify')
  verify() {
    return this.audit.verify();
  }

  @Roles('auditor', 'admin')
  @Get('events')
  async events(@Query() query: AuditQueryDto) {
    const limit = query.limit ?? 100;
    const events = await this.audit.search({ ...toFilter(query), beforeSeq: query.before, limit });
    const last = events.at(-1);
    return { events: events.map(toAuditEventView), nextCursor: events.length === limit && last ? last.seq : null };
  }

  /** Streams every matching event in chain order, page by page, so an export of millions stays small in memory. */
  @Roles('auditor', 'admin')
  @Get('export')
  async export(@Query() query: AuditExportDto, @Res() response: Response): Promise<void> {
    const csv = query.format === 'csv';
    response.status(200).type(csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson');
    response.setHeader('Content-Disposition', `attachment; filename="audit.${csv ? 'csv' : 'ndjson'}"`);
    if (csv) response.write(csvLine(CSV_COLUMNS));
    for await (const page of this.audit.export(toFilter(query))) {
      const chunk = page.map((event) => (csv ? toCsvRow(toAuditEventView(event)) : JSON.stringify(toAuditEventView(event)) + '\n')).join('');
      if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve));
    }
    response.end();
  }
}

function toFilter(query: AuditFilterDto) {
  return {
    from: query.from ? new Date(query.from) : undefined,
    to: query.to ? new Date(query.to) : undefined,
    actor: query.actor,
    action: query.action,
    subjectId: query.subjectId,
  };
}
