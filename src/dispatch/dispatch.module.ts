import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module.js';
import { DeliveryLogRepository } from './delivery-log.repository.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchService } from './dispatch.service.js';
import { DispatchSignals } from './dispatch-signals.js';
import { PacingRepository } from './pacing.repository.js';
import { ReceiptsRepository } from './receipts.repository.js';
import { SenderWorker } from './sender.worker.js';

@Module({
  imports: [ChannelsModule],
  providers: [DeliveryLogRepository, DispatchRepository, DispatchService, DispatchSignals, PacingRepository, ReceiptsRepository, SenderWorker],
  exports: [DispatchService, ReceiptsRepository],
})
export class DispatchModule {}
