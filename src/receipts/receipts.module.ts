import { Module } from '@nestjs/common';
import { ChannelsModule } from '../channels/channels.module.js';
import { BEACON_CONFIG } from '../config/config.module.js';
import type { BeaconConfig } from '../config/config.js';
import { DispatchModule } from '../dispatch/dispatch.module.js';
import { ReceiptsRepository } from '../dispatch/receipts.repository.js';
import { SubscribersModule } from '../subscribers/subscribers.module.js';
import { Acknowledger } from './inbound/acknowledger.js';
import { InboundRepository } from './inbound/inbound.repository.js';
import { InboundService } from './inbound/inbound.service.js';
import { ReportController } from './report/report.controller.js';
import { ReportRepository } from './report/report.repository.js';
import { ReportService } from './report/report.service.js';
import { ResponsesController } from './responses/responses.controller.js';
import { ResponsesRepository } from './responses/responses.repository.js';
import { ResponsesService } from './responses/responses.service.js';
import { SmsReceiptsService } from './sms/sms-receipts.service.js';
import { SmsWebhookController } from './sms/sms-webhook.controller.js';
import { StatusBatcher } from './status-batcher.js';
import { WhatsAppReceiptsService } from './whatsapp-receipts.service.js';
import { WhatsAppWebhookController } from './whatsapp-webhook.controller.js';

@Module({
  imports: [DispatchModule, ChannelsModule, SubscribersModule],
  controllers: [WhatsAppWebhookController, SmsWebhookController, ResponsesController, ReportController],
  providers: [
    {
      provide: StatusBatcher,
      inject: [BEACON_CONFIG, ReceiptsRepository],
      useFactory: (config: BeaconConfig, repository: ReceiptsRepository) =>
        new StatusBatcher((updates) => repository.applyStatusUpdates(updates), { maxWaitMs: 20, maxBatchSize: config.receipts.batchSize, lanes: config.receipts.writeLanes }),
    },
    {
      provide: WhatsAppReceiptsService,
      inject: [BEACON_CONFIG, StatusBatcher, InboundService],
      useFactory: (config: BeaconConfig, batcher: StatusBatcher, inbound: InboundService) => new WhatsAppReceiptsService(config.whatsapp, batcher, inbound),
    },
    {
      provide: SmsReceiptsService,
      inject: [BEACON_CONFIG, StatusBatcher, InboundService],
      useFactory: (config: BeaconConfig, batcher: StatusBatcher, inbound: InboundService) => new SmsReceiptsService(config.sms.authToken, batcher, inbound),
    },
    Acknowledger,
    InboundRepository,
    InboundService,
    ResponsesRepository,
    ResponsesService,
    ReportRepository,
    ReportService,
  ],
})
export class ReceiptsModule {}
