import { Controller, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal } from '../../auth/principal.decorator.js';
import { Roles } from '../../auth/public.decorator.js';
import type { Principal } from '../../auth/roles.js';
import { AreaLibraryService } from './area-library.service.js';
import { ImportAreasQueryDto, ListAreasDto } from './dto/list-areas.dto.js';
import { readJsonBody } from './read-body.js';

/** Largest streamed library file (`application/geo+json`). */
const IMPORT_LIMIT_BYTES = 64 * 1024 * 1024;

@ApiTags('areas')
@ApiBearerAuth()
@Controller('api/v1/areas')
export class AreaLibraryController {
  constructor(private readonly library: AreaLibraryService) {}

  @Roles('admin')
  @Post('import')
  @HttpCode(200)
  async import(@CurrentPrincipal() actor: Principal, @Query() query: ImportAreasQueryDto, @Req() request: Request) {
    return this.library.importCollection(actor.operatorId, await readJsonBody(request, IMPORT_LIMIT_BYTES), query.kind);
  }

  @Roles('operator', 'approver', 'admin', 'auditor')
  @Get()
  async list(@Query() query: ListAreasDto) {
    const areas = await this.library.list({ kind: query.kind, name: query.name, limit: query.limit ?? 100, offset: query.offset ?? 0 });
    return { areas };
  }
}
