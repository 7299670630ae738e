import { Module } from '@nestjs/common';
import { StarterTemplatesSeeder } from './starter-seeder.js';
import { TemplatesController } from './templates.controller.js';
import { TemplatesRepository } from './templates.repository.js';
import { TemplatesService } from './templates.service.js';

/** Versioned templates and their renderings per language and channel; it renders and sends nothing. */
@Module({
  controllers: [TemplatesController],
  providers: [TemplatesRepository, TemplatesService, StarterTemplatesSeeder],
  exports: [TemplatesService],
})
export class TemplatesModule {}
