import { Module } from '@nestjs/common';
import { BEACON_CONFIG } from '../config/config.module.js';
import type { BeaconConfig } from '../config/config.js';
import { DispatchModule } from '../dispatch/dispatch.module.js';
import { ReceiptsRepository } from '../dispatch/receipts.repository.js';
import { StatusBatcher } from './status-batcher.js';
import { WhatsAppReceiptsService } from './whatsapp-receipts.service.js';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller.js';

@Module({
  imports: [DispatchModule],
  controllers: [WhatsAppWebhookController],
  providers: [
    { provide: StatusBatcher, inject: [ReceiptsRepository], useFactory: (repository: ReceiptsRepository) => new StatusBatcher((updates) => repository.applyStatusUpdates(updates)) },
    {
      provide: WhatsAppReceiptsService,
      inject: [BEACON_CONFIG, StatusBatcher],
      useFactory: (config: BeaconConfig, batcher: StatusBatcher) => new WhatsAppReceiptsService(config.whatsapp, batcher),
    },
  ],
})
export class ReceiptsModule {}
