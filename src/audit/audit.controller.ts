import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/public.decorator.js';
import { AuditService } from './audit.service.js';
import { AuditQueryDto } from './dto/audit-query.dto.js';

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
    const events = await this.audit.search({ subjectId: query.subjectId, action: query.action, limit: query.limit ?? 100 });
    return {
      events: events.map((event) => ({
        seq: event.seq,
        at: event.at.toISOString(),
        actor: event.actor,
        action: event.action,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        data: event.data,
        hash: event.hash,
      })),
    };
  }
}
