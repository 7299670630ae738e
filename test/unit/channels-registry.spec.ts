import { describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../src/channels/channel.js';
import { ChannelRegistry } from '../../src/channels/channel-registry.js';

const adapter = (channel: string): ChannelAdapter => ({ channel, senderIds: ['s1'], send: () => Promise.resolve({ kind: 'accepted', providerMessageId: 'x' }) });

describe('ChannelRegistry', () => {
  it('finds adapters by channel and lists the channels', () => {
    const whatsapp = adapter('whatsapp');
    const registry = new ChannelRegistry([whatsapp, adapter('sms')]);
    expect(registry.get('whatsapp')).toBe(whatsapp);
    expect(registry.get('email')).toBeUndefined();
    expect(registry.channels()).toEqual(['whatsapp', 'sms']);
  });

  it('refuses two adapters for one channel', () => {
    expect(() => new ChannelRegistry([adapter('sms'), adapter('sms')])).toThrow(/Two adapters/);
  });
});
