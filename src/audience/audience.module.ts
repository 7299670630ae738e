import { Module } from '@nestjs/common';
import { AreaLibraryModule } from '../areas/library/area-library.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { AudienceController } from './audience.controller.js';
import { AudienceFreezeSweeper } from './audience-freeze.sweeper.js';
import { AudienceRepository } from './audience.repository.js';
import { AudienceService } from './audience.service.js';

@Module({
  imports: [AreaLibraryModule, ChannelsModule],
  controllers: [AudienceController],
  providers: [AudienceRepository, AudienceService, AudienceFreezeSweeper],
  // Re-exported so the alerts module can resolve named areas (AreaLibraryService) where it freezes.
  exports: [AudienceRepository, AudienceService, AreaLibraryModule],
})
export class AudienceModule {}
