import { Module } from '@nestjs/common';
import { AreasModule } from '../areas.module.js';
import { AreaContainmentService } from './area-containment.service.js';
import { AreaLibraryController } from './area-library.controller.js';
import { AreaLibraryRepository } from './area-library.repository.js';
import { AreaLibraryService } from './area-library.service.js';

/** The areas library: named areas stored in the database. Knows no people. */
@Module({
  imports: [AreasModule],
  controllers: [AreaLibraryController],
  providers: [AreaLibraryRepository, AreaLibraryService, AreaContainmentService],
  exports: [AreaLibraryRepository, AreaLibraryService, AreaContainmentService],
})
export class AreaLibraryModule {}
