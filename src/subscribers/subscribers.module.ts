import { Module } from '@nestjs/common';
import { AreaLibraryModule } from '../areas/library/area-library.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { ConsentRepository } from './optin/consent.repository.js';
import { JoinService } from './optin/join.service.js';
import { OptinController } from './optin/optin.controller.js';
import { OptinRepository } from './optin/optin.repository.js';
import { OptinService } from './optin/optin.service.js';
import { SubscriberImportRepository } from './import/subscriber-import.repository.js';
import { SubscriberImportService } from './import/subscriber-import.service.js';
import { SubscriberOptOutRepository } from './subscriber-optout.repository.js';
import { SubscriberOptOutService } from './subscriber-optout.service.js';
import { SubscribersController } from './subscribers.controller.js';
import { SubscribersRepository } from './subscribers.repository.js';
import { SubscribersService } from './subscribers.service.js';

@Module({
  imports: [AreaLibraryModule, ChannelsModule],
  controllers: [SubscribersController, OptinController],
  providers: [
    SubscribersRepository,
    SubscribersService,
    SubscriberOptOutRepository,
    SubscriberOptOutService,
    SubscriberImportRepository,
    SubscriberImportService,
    OptinRepository,
    OptinService,
    ConsentRepository,
    JoinService,
  ],
  exports: [SubscribersService, SubscriberOptOutService, SubscriberImportService, JoinService],
})
export class SubscribersModule {}
