import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../auth/principal.decorator.js';
import { Roles } from '../auth/public.decorator.js';
import type { Principal } from '../auth/roles.js';
import { CreatePartnerDto, UpdatePartnerDto } from './dto/partner.dto.js';
import { PartnersService } from './partners.service.js';

@ApiTags('partners')
@ApiBearerAuth()
@Controller('api/v1/partners')
export class PartnersController {
  constructor(private readonly partners: PartnersService) {}

  /** The answer carries the secret, this once. */
  @Roles('admin')
  @Post()
  create(@CurrentPrincipal() actor: Principal, @Body() body: CreatePartnerDto) {
    return this.partners.create(actor, { name: body.name, url: body.url, format: body.format, secret: body.secret });
  }

  @Roles('admin')
  @Get()
  async list() {
    return { partners: await this.partners.list() };
  }

  @Roles('admin')
  @Get(':id')
  get(@Param('id', new ParseUUIDPipe()) id: string) {
    return this.partners.get(id);
  }

  @Roles('admin')
  @Patch(':id')
  update(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdatePartnerDto) {
    return this.partners.update(actor, id, body);
  }

  /** Disables the partner (the row stays: past deliveries name it). PATCH `active: true` enables it again. */
  @Roles('admin')
  @Delete(':id')
  @HttpCode(200)
  disable(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.partners.disable(actor, id);
  }
}
