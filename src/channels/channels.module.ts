import { type DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SelfUrl } from '../common/self-url.js';
import { BEACON_CONFIG } from '../config/config.module.js';
import type { BeaconConfig } from '../config/config.js';
import { PartnerPayloads } from '../partners/partner-payloads.js';
import type { ChannelAdapter } from './channel.js';
import { ChannelRegistry } from './channel-registry.js';
import { EmailAdapter } from './email/email.adapter.js';
import { createSmtpTransport } from './email/smtp-transport.js';
import { createKeepAlivePost } from './keep-alive-post.js';
import { SimulatorModule } from './simulator/simulator.module.js';
import { SmsAdapter } from './sms/sms.adapter.js';
import { WebhookAdapter } from './webhook/webhook.adapter.js';
import { WebhookPayloads } from './webhook/webhook-payloads.js';
import { WhatsAppAdapter } from './whatsapp/whatsapp.adapter.js';

export function createWhatsAppAdapter(config: BeaconConfig, selfUrl: SelfUrl): WhatsAppAdapter {
  const { whatsapp } = config;
  // One connection per request the senders may have in flight (acknowledgements wait for a free one).
  const maxSockets = Math.max(1, whatsapp.senders.length) * config.dispatch.concurrency;
  return new WhatsAppAdapter({
    baseUrl: () => whatsapp.apiBaseUrl ?? `${selfUrl.get()}/simulator/whatsapp`,
    graphVersion: whatsapp.graphVersion,
    accessToken: whatsapp.accessToken,
    senderIds: whatsapp.senders.map((sender) => sender.phoneNumberId),
    templateName: whatsapp.templateName,
    timeoutMs: whatsapp.requestTimeoutMs,
  }, createKeepAlivePost({ maxSockets }));
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

/** Email is on when BEACON_SMTP_URL is set; its sender identities are the BEACON_EMAIL_FROM addresses. */
export function createEmailAdapter(config: BeaconConfig): EmailAdapter | null {
  const { email } = config;
  if (email.smtpUrl === undefined) return null;
  return new EmailAdapter(email.from, createSmtpTransport({ url: email.smtpUrl, maxConnections: email.maxConnections, timeoutMs: email.timeoutMs }));
}

/** Hosts ChannelsModule plus, when enabled, the simulator; see ChannelsModule.forRoot. */
@Module({})
class ChannelsRootModule {}

/** The channel adapters behind one registry. Import it plainly wherever ChannelRegistry is needed. */
@Module({
  providers: [
    { provide: WhatsAppAdapter, inject: [BEACON_CONFIG, SelfUrl], useFactory: createWhatsAppAdapter },
    { provide: SmsAdapter, inject: [BEACON_CONFIG, SelfUrl], useFactory: createSmsAdapter },
    { provide: EmailAdapter, inject: [BEACON_CONFIG], useFactory: createEmailAdapter },
    // The webhook channel's port, implemented with the partners (it reads partner endpoints and alerts).
    // Without a database (a channels-only module in tests) there are no partners, so no webhook channel.
    {
      provide: WebhookPayloads,
      inject: [{ token: DataSource, optional: true }, BEACON_CONFIG],
      useFactory: (dataSource: DataSource | undefined, config: BeaconConfig) => (dataSource ? new PartnerPayloads(dataSource, config.cap.sender) : null),
    },
    {
      provide: WebhookAdapter,
      inject: [WebhookPayloads, BEACON_CONFIG],
      useFactory: (payloads: WebhookPayloads | null, config: BeaconConfig) => (payloads ? new WebhookAdapter(payloads, config.webhook.timeoutMs) : null),
    },
    {
      provide: ChannelRegistry,
      inject: [WhatsAppAdapter, SmsAdapter, EmailAdapter, WebhookAdapter],
      useFactory: (...adapters: (ChannelAdapter | null)[]) => new ChannelRegistry(adapters.filter((adapter): adapter is ChannelAdapter => adapter !== null)),
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
