import { Body, Controller, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { Roles } from '../auth/public.decorator.js';
import type { Principal } from '../auth/roles.js';
import { CreateSubscriberDto } from './dto/create-subscriber.dto.js';
import { SubscribersService } from './subscribers.service.js';

@ApiTags('subscribers')
@ApiBearerAuth()
@Controller('api/v1/subscribers')
export class SubscribersController {
  constructor(private readonly subscribers: SubscribersService) {}

  @Roles('admin')
  @Post()
  create(@CurrentPrincipal() actor: Principal, @Body() body: CreateSubscriberDto) {
    return this.subscribers.create(actor, {
      phone: body.phone,
      language: body.language,
      channels: body.channels,
      consentSource: body.consent.source,
      consentAt: new Date(body.consent.at),
      locations: body.locations,
    });
  }

  @Roles('admin')
  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.subscribers.get(id);
  }
}
