import type { ChannelAdapter } from './channel.js';

/** The adapters this process can send through, by channel name (`whatsapp`, `sms`, `email`, `webhook`). */
export class ChannelRegistry {
  private readonly adapters = new Map<string, ChannelAdapter>();

  constructor(adapters: readonly ChannelAdapter[]) {
    for (const adapter of adapters) {
      if (this.adapters.has(adapter.channel)) throw new Error(`Two adapters for channel ${adapter.channel}`);
      this.adapters.set(adapter.channel, adapter);
    }
  }

  get(channel: string): ChannelAdapter | undefined {
    return this.adapters.get(channel);
  }

  channels(): string[] {
    return [...this.adapters.keys()];
  }
}
