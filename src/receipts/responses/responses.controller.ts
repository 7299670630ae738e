import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Roles } from '../../auth/public.decorator.js';
import { ResponsesService } from './responses.service.js';

export class HelpRequestsQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) limit?: number;
}

/** What people answered to an alert. Responders' data (phones, locations): operators and auditors only. */
@ApiTags('responses')
@ApiBearerAuth()
@Controller('api/v1/alerts/:id/responses')
export class ResponsesController {
  constructor(private readonly responses: ResponsesService) {}

  @Roles('operator', 'auditor')
  @Get()
  tally(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.responses.tally(id);
  }

  @Roles('operator', 'auditor')
  @Get('help')
  help(@Param('id', new ParseUUIDPipe()) id: string, @Query() query: HelpRequestsQueryDto) {
    return this.responses.helpRequests(id, query.limit ?? 1000);
  }
}
