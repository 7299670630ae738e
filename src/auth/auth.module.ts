import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard } from './auth.guard.js';
import { OperatorsController } from './operators.controller.js';
import { OperatorsRepository } from './operators.repository.js';
import { OperatorsService } from './operators.service.js';

@Module({
  controllers: [OperatorsController],
  providers: [OperatorsRepository, OperatorsService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [OperatorsService],
})
export class AuthModule {}
