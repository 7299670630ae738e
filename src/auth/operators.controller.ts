import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CreateOperatorDto, RotateKeyDto, UpdateOperatorDto } from './dto/create-operator.dto.js';
import { OperatorsService } from './operators.service.js';
import { CurrentPrincipal } from './principal.decorator.js';
import { Roles } from './public.decorator.js';
import type { Principal } from './roles.js';

@ApiTags('operators')
@ApiBearerAuth()
@Controller('api/v1/operators')
export class OperatorsController {
  constructor(private readonly operators: OperatorsService) {}

  @Roles('admin')
  @Post()
  create(@CurrentPrincipal() actor: Principal, @Body() body: CreateOperatorDto) {
    return this.operators.create(actor, { name: body.name, roles: body.roles, keyExpiresInDays: body.keyExpiresInDays, allowedAreaIds: body.allowedAreaIds });
  }

  /** Today only the area restriction; a field left out is unchanged. */
  @Roles('admin')
  @Patch(':id')
  async update(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateOperatorDto) {
    if (body.allowedAreaIds !== undefined) return this.operators.setAllowedAreas(actor, id, body.allowedAreaIds);
    return this.operators.get(id);
  }

  @Roles('operator', 'approver', 'admin', 'auditor')
  @Post(':id/rotate-key')
  @HttpCode(200)
  rotateKey(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: RotateKeyDto) {
    return this.operators.rotateKey(actor, id, body.keyExpiresInDays);
  }

  @Roles('admin')
  @Post(':id/disable')
  @HttpCode(200)
  disable(@CurrentPrincipal() actor: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    return this.operators.disable(actor, id);
  }

  @Roles('admin')
  @Get()
  async list() {
    return { operators: await this.operators.list() };
  }

  @Roles('operator', 'approver', 'admin', 'auditor')
  @Get('me')
  me(@CurrentPrincipal() principal: Principal) {
    return { id: principal.operatorId, name: principal.name, roles: principal.roles, allowedAreaIds: principal.allowedAreaIds ?? null };
  }
}
