import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { Roles } from '../auth/public.decorator.js';
import type { Principal } from '../auth/roles.js';
import { contentOf, CreateTemplateDto, PreviewTemplateDto, TemplateVersionQueryDto, UpdateTemplateDto } from './dto/template.dto.js';
import { TemplatesService } from './templates.service.js';

const uuid = new ParseUUIDPipe();

@ApiTags('templates')
@ApiBearerAuth()
@Controller('api/v1/templates')
export class TemplatesController {
  constructor(private readonly templates: TemplatesService) {}

  @Roles('admin', 'operator')
  @Post()
  create(@CurrentPrincipal() actor: Principal, @Body() body: CreateTemplateDto) {
    return this.templates.create(actor, { key: body.key, definition: contentOf(body) });
  }

  @Roles('admin', 'operator')
  @Put(':id')
  update(@CurrentPrincipal() actor: Principal, @Param('id', uuid) id: string, @Body() body: UpdateTemplateDto) {
    return this.templates.update(actor, id, { definition: contentOf(body), expectedVersion: body.expectedVersion });
  }

  @Roles('operator', 'approver', 'admin', 'auditor')
  @Get()
  async list() {
    return { templates: await this.templates.list() };
  }

  @Roles('operator', 'approver', 'admin', 'auditor')
  @Get(':id')
  get(@Param('id', uuid) id: string, @Query() query: TemplateVersionQueryDto) {
    return this.templates.get(id, query.version);
  }

  @Roles('operator', 'approver', 'admin')
  @Post(':id/preview')
  @HttpCode(200)
  preview(@Param('id', uuid) id: string, @Body() body: PreviewTemplateDto) {
    return this.templates.render(id, body.version, body.variables, body.languages);
  }
}
