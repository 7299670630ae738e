import { type BeforeApplicationShutdown, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { SelfUrl } from '../../common/self-url.js';
import { BEACON_CONFIG } from '../../config/config.module.js';
import type { BeaconConfig } from '../../config/config.js';
import { SimulatorController } from './simulator.controller.js';
import { WhatsAppSimulator } from './whatsapp-simulator.js';

/**
 * Stops the simulator before the HTTP server closes (held requests would keep it open) and again
 * at shutdown, so no timer outlives the application.
 */
@Injectable()
export class SimulatorLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(private readonly simulator: WhatsAppSimulator) {}

  beforeApplicationShutdown() {
    this.simulator.close();
  }

  onApplicationShutdown() {
    this.simulator.close();
  }
}

export function createSimulator(config: BeaconConfig, selfUrl: SelfUrl): WhatsAppSimulator {
  const logger = new Logger('WhatsAppSimulator');
  const { whatsapp, simulator } = config;
  return new WhatsAppSimulator({
    accessToken: whatsapp.accessToken,
    appSecret: whatsapp.appSecret,
    webhookUrl: () => simulator.webhookUrl ?? `${selfUrl.get()}/webhooks/whatsapp`,
    phoneNumberIds: whatsapp.senders.map((sender) => sender.phoneNumberId),
    templateNames: [whatsapp.templateName],
    profile: { deliverDelayMs: simulator.deliverDelayMs, readDelayMs: simulator.readDelayMs, readRate: simulator.readRate },
    onWebhookGiveUp: (reason) => logger.warn(reason),
  });
}

/** Registered only when the simulator is enabled (see ChannelsModule.forRoot). */
@Module({
  controllers: [SimulatorController],
  providers: [{ provide: WhatsAppSimulator, inject: [BEACON_CONFIG, SelfUrl], useFactory: createSimulator }, SimulatorLifecycle],
  exports: [WhatsAppSimulator],
})
export class SimulatorModule {}
