import { type BeforeApplicationShutdown, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { SelfUrl } from '../../common/self-url.js';
import { BEACON_CONFIG } from '../../config/config.module.js';
import type { BeaconConfig } from '../../config/config.js';
import { SIMULATOR_SENDERS, SimulatorController } from './simulator.controller.js';
import { SmsSimulatorController } from './sms-simulator.controller.js';
import { SmsSimulator } from './sms-simulator.js';
import { WhatsAppSimulator } from './whatsapp-simulator.js';

/**
 * Stops the simulator before the HTTP server closes (held requests would keep it open) and again
 * at shutdown, so no timer outlives the application.
 */
@Injectable()
export class SimulatorLifecycle implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    private readonly simulator: WhatsAppSimulator,
    private readonly sms: SmsSimulator,
  ) {}

  beforeApplicationShutdown() {
    this.simulator.close();
    this.sms.close();
  }

  onApplicationShutdown() {
    this.simulator.close();
    this.sms.close();
  }
}

export function createSmsSimulator(config: BeaconConfig, selfUrl: SelfUrl): SmsSimulator {
  const logger = new Logger('SmsSimulator');
  const { sms, simulator } = config;
  return new SmsSimulator({
    accountSid: sms.accountSid,
    authToken: sms.authToken,
    inboundUrl: () => `${sms.callbackBaseUrl ?? selfUrl.get()}/webhooks/sms/inbound`,
    profile: { deliverDelayMs: simulator.deliverDelayMs },
    onWebhookGiveUp: (reason) => logger.warn(reason),
  });
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
  controllers: [SimulatorController, SmsSimulatorController],
  providers: [
    { provide: WhatsAppSimulator, inject: [BEACON_CONFIG, SelfUrl], useFactory: createSimulator },
    { provide: SIMULATOR_SENDERS, inject: [BEACON_CONFIG], useFactory: (config: BeaconConfig) => config.whatsapp.senders.map((sender) => sender.phoneNumberId) },
    { provide: SmsSimulator, inject: [BEACON_CONFIG, SelfUrl], useFactory: createSmsSimulator },
    SimulatorLifecycle,
  ],
  exports: [WhatsAppSimulator, SmsSimulator],
})
export class SimulatorModule {}
