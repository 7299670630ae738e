import { Module } from '@nestjs/common';
import { AreasModule } from '../areas/areas.module.js';
import { AudienceModule } from '../audience/audience.module.js';
import { ChannelsModule } from '../channels/channels.module.js';
import { DispatchModule } from '../dispatch/dispatch.module.js';
import { AlertDispatcher } from './alert-dispatcher.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { DispatchCompletionListener } from './dispatch-completion.listener.js';

@Module({
  imports: [AreasModule, AudienceModule, ChannelsModule, DispatchModule],
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertsService, AlertDispatcher, DispatchCompletionListener],
})
export class AlertsModule {}
