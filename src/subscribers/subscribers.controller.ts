import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { Roles } from '../auth/public.decorator.js';
import type { Principal } from '../auth/roles.js';
import { CreateSubscriberDto, UpdateSubscriberDto } from './dto/create-subscriber.dto.js';
import { ImportSubscribersQueryDto } from './dto/import-subscribers.dto.js';
import { importSource } from './import/import-source.js';
import { SubscriberImportService } from './import/subscriber-import.service.js';
import { SubscriberOptOutService } from './subscriber-optout.service.js';
import { SubscribersService } from './subscribers.service.js';

@ApiTags('subscribers')
@ApiBearerAuth()
@Controller('api/v1/subscribers')
export class SubscribersController {
  constructor(
    private readonly subscribers: SubscribersService,
    private readonly optOut: SubscriberOptOutService,
    private readonly importer: SubscriberImportService,
  ) {}

  @Roles('admin')
  @Post('import')
  @HttpCode(200)
  async import(@CurrentPrincipal() actor: Principal, @Query() query: ImportSubscribersQueryDto, @Req() request: Request) {
    const { format, chunks } = importSource(request, query.format);
    const { imported, duplicates, errors } = await this.importer.import(actor.operatorId, format, chunks);
    return { imported, duplicates, errors };
  }

  @Roles('admin')
  @Post()
  create(@CurrentPrincipal() actor: Principal, @Body() body: CreateSubscriberDto) {
    return this.subscribers.create(actor, {
      phone: body.phone,
      email: body.email,
      language: body.language,
      channels: body.channels,
      consentSource: body.consent.source,
      consentAt: new Date(body.consent.at),
      consentWording: body.consent.wordingVersion,
      locations: body.locations,
      tags: body.tags,
      regions: body.regions,
    });
  }

  @Roles('admin')
  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.subscribers.get(id);
  }

  @Roles('admin')
  @Patch(':id')
  update(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateSubscriberDto) {
    return this.subscribers.update(actor, id, body);
  }

  @Roles('admin')
  @Post(':id/stop')
  @HttpCode(200)
  stop(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.optOut.stop(actor, id);
  }

  @Roles('admin')
  @Post(':id/start')
  @HttpCode(200)
  start(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.optOut.start(actor, id);
  }

  @Roles('admin')
  @Delete(':id')
  @HttpCode(200)
  erase(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.optOut.erase(actor, id);
  }
}
