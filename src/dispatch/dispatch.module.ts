import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module.js';
import { DeliveryLogRepository } from './delivery-log.repository.js';
import { DispatchRepository } from './dispatch.repository.js';
import { DispatchService } from './dispatch.service.js';
import { DispatchSignals } from './dispatch-signals.js';
import { FallbackRepository } from './fallback.repository.js';
import { PacingRepository } from './pacing.repository.js';
import { ReceiptsRepository } from './receipts.repository.js';
import { RunSweeper } from './run-sweeper.js';
import { SenderWorker } from './sender.worker.js';

@Module({
  imports: [ChannelsModule],
  providers: [DeliveryLogRepository, DispatchRepository, DispatchService, DispatchSignals, FallbackRepository, PacingRepository, ReceiptsRepository, RunSweeper, SenderWorker],
  exports: [DispatchService, ReceiptsRepository, RunSweeper],
})
export class DispatchModule {}
