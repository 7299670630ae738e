import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/config.js';

describe('configuration', () => {
  it('has working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.dataDir).toBe('./.beacon');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.simulator.enabled).toBe(true);
    expect(config.whatsapp.senders).toEqual([{ phoneNumberId: '100000000000001' }]);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['BEACON_SEND_RATE', '-1'],
    ['BEACON_SIMULATOR', 'maybe'],
    ['DATABASE_URL', 'not a url'],
    ['BEACON_LOG_LEVEL', 'loud'],
    ['WHATSAPP_GRAPH_VERSION', '21'],
    ['WHATSAPP_PHONE_NUMBER_IDS', 'abc'],
    ['BEACON_BOOTSTRAP_ADMIN_KEY', 'short'],
    ['BEACON_CLAIM_BATCH', '1.5'],
    ['BEACON_CORS_ORIGINS', 'https://ok.example,not-an-origin'],
    ['BEACON_PUBLIC_RATE_PER_MIN', '0'],
    ['BEACON_PUBLIC_BURST', '1.5'],
    ['BEACON_AREA_TOLERANCE_M', '-1'],
    ['BEACON_DB_APP_ROLE', 'Robert"; DROP'],
    ['BEACON_FALLBACK_CONFIRMING_CHANNELS', 'whatsapp,pigeon'],
    ['BEACON_FALLBACK_CONFIRMING_CHANNELS', 'webhook'],
  ])('a bad %s=%s stops start-up naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(name);
  });

  it('runs as the beacon_app database role by default only with the embedded server', () => {
    expect(loadConfig({}).databaseAppRole).toBe('beacon_app');
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).databaseAppRole).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', BEACON_DB_APP_ROLE: 'alerts_app' }).databaseAppRole).toBe('alerts_app');
    expect(loadConfig({ BEACON_DB_APP_ROLE: 'none' }).databaseAppRole).toBeUndefined();
    expect(loadConfig({}).publicRateLimit).toEqual({ perMinute: 600, burst: 120 });
  });

  it('waits for delivery confirmations on WhatsApp and SMS by default, on the channels listed otherwise', () => {
    expect(loadConfig({}).dispatch.fallbackConfirmingChannels).toEqual(['whatsapp', 'sms']);
    expect(loadConfig({ BEACON_FALLBACK_CONFIRMING_CHANNELS: 'sms, email' }).dispatch.fallbackConfirmingChannels).toEqual(['sms', 'email']);
  });

  it('needs a provider URL when the simulator is off', () => {
    expect(() => loadConfig({ BEACON_SIMULATOR: 'off' })).toThrow('WHATSAPP_API_BASE_URL');
  });
});
