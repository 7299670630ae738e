import { type DynamicModule, Module } from '@nestjs/common';
import { SelfUrl } from '../common/self-url.js';
import { BEACON_CONFIG } from '../config/config.module.js';
import type { BeaconConfig } from '../config/config.js';
import { ChannelRegistry } from './channel-registry.js';
import { SimulatorModule } from './simulator/simulator.module.js';
import { SmsAdapter } from './sms/sms.adapter.js';
import { WhatsAppAdapter } from './whatsapp/whatsapp.adapter.js';

export function createWhatsAppAdapter(config: BeaconConfig, selfUrl: SelfUrl): WhatsAppAdapter {
  const { whatsapp } = config;
  return new WhatsAppAdapter({
    baseUrl: () => whatsapp.apiBaseUrl ?? `${selfUrl.get()}/simulator/whatsapp`,
    graphVersion: whatsapp.graphVersion,
    accessToken: whatsapp.accessToken,
    senderIds: whatsapp.senders.map((sender) => sender.phoneNumberId),
    templateName: whatsapp.templateName,
    timeoutMs: whatsapp.requestTimeoutMs,
  });
}

export function createSmsAdapter(config: BeaconConfig, selfUrl: SelfUrl): SmsAdapter | null {
  const { sms } = config;
  if (!sms.enabled) return null;
  return new SmsAdapter({
    baseUrl: () => sms.apiBaseUrl ?? `${selfUrl.get()}/simulator/sms`,
    accountSid: sms.accountSid,
    authToken: sms.authToken,
    senderIds: sms.senders,
    statusCallbackUrl: () => `${sms.callbackBaseUrl ?? selfUrl.get()}/webhooks/sms/status`,
    maxSegments: sms.maxSegments,
    timeoutMs: sms.requestTimeoutMs,
  });
}

/** Hosts ChannelsModule plus, when enabled, the simulator; see ChannelsModule.forRoot. */
@Module({})
class ChannelsRootModule {}

/** The channel adapters behind one registry. Import it plainly wherever ChannelRegistry is needed. */
@Module({
  providers: [
    { provide: WhatsAppAdapter, inject: [BEACON_CONFIG, SelfUrl], useFactory: createWhatsAppAdapter },
    { provide: SmsAdapter, inject: [BEACON_CONFIG, SelfUrl], useFactory: createSmsAdapter },
    {
      provide: ChannelRegistry,
      inject: [WhatsAppAdapter, SmsAdapter],
      useFactory: (whatsapp: WhatsAppAdapter, sms: SmsAdapter | null) => new ChannelRegistry(sms ? [whatsapp, sms] : [whatsapp]),
    },
  ],
  exports: [ChannelRegistry],
})
export class ChannelsModule {
  /**
   * For the application root: the plain module plus the simulator's routes when it is enabled.
   * A wrapper module (not a dynamic ChannelsModule) keeps a single adapter and registry instance
   * shared with the modules that import ChannelsModule plainly.
   */
  static forRoot(config: BeaconConfig): DynamicModule {
    return {
      module: ChannelsRootModule,
      imports: [ChannelsModule, ...(config.simulator.enabled ? [SimulatorModule] : [])],
      exports: [ChannelsModule],
    };
  }
}
