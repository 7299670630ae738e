import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module.js';
import { AudienceModule } from '../audience/audience.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { DispatchModule } from '../dispatch/dispatch.module.js';
import { AlertDispatchController } from './alert-dispatch.controller.js';
import { AlertDispatchService } from './alert-dispatch.service.js';
import { AlertDispatcher } from './alert-dispatcher.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { CapController } from './cap/cap.controller.js';
import { CapService } from './cap/cap.service.js';
import { DispatchCompletionListener } from './dispatch-completion.listener.js';
import { FeedController } from './feed/feed.controller.js';
import { FeedService } from './feed/feed.service.js';

@Module({
  imports: [AreasModule, AudienceModule, ChannelsModule, DispatchModule],
  controllers: [CapController, AlertsController, FeedController, AlertDispatchController],
  providers: [AlertsRepository, AlertsService, AlertDispatchService, AlertDispatcher, DispatchCompletionListener, CapService, FeedService],
})
export class AlertsModule {}
