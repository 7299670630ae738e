import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AreaLibraryModule } from '../areas/library/area-library.module.js';
import { AuthGuard } from './auth.guard.js';
import { OperatorsController } from './operators.controller.js';
import { OperatorsRepository } from './operators.repository.js';
import { OperatorsService } from './operators.service.js';

@Module({
  imports: [AreaLibraryModule],
  controllers: [OperatorsController],
  providers: [OperatorsRepository, OperatorsService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [OperatorsService],
})
export class AuthModule {}
