import 'reflect-metadata';
import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { AddressInfo } from 'node:net';
import { SimulatorModule } from './channels/simulator/simulator.module.js';
import { CommonModule } from './common/common.module.js';
import { ErrorFilter } from './common/error.filter.js';
import { JsonLogger } from './common/json-logger.js';
import { SelfUrl } from './common/self-url.js';
import { createValidationPipe } from './common/validation.pipe.js';
import { ConfigModule } from './config/config.module.js';
import { ConfigError, loadConfig, type BeaconConfig } from './config/config.js';

/**
 * The provider simulator as its own process (`npm run simulator`): the WhatsApp Cloud API under
 * /simulator/whatsapp and the Twilio-style SMS API under /simulator/sms, posting signed webhooks to
 * a Beacon elsewhere. Point Beacon at it with BEACON_SIMULATOR=false,
 * WHATSAPP_API_BASE_URL=http://host:3100/simulator/whatsapp and SMS_API_BASE_URL=http://host:3100/simulator/sms.
 */
@Module({})
class StandaloneSimulatorModule {
  static forRoot(config: BeaconConfig): DynamicModule {
    return { module: StandaloneSimulatorModule, imports: [ConfigModule.forRoot(config), CommonModule, SimulatorModule] };
  }
}

/** Beacon's address as seen from here; its webhooks are the simulator's targets unless set. */
export function simulatorEnv(env: Record<string, string | undefined>): Record<string, string | undefined> {
  const beacon = (env.SIMULATOR_BEACON_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  return {
    ...env,
    BEACON_SIMULATOR: 'true',
    PORT: env.SIMULATOR_PORT ?? '3100',
    SIMULATOR_WEBHOOK_URL: env.SIMULATOR_WEBHOOK_URL ?? `${beacon}/webhooks/whatsapp`,
    SMS_CALLBACK_BASE_URL: env.SMS_CALLBACK_BASE_URL ?? beacon,
  };
}

async function main() {
  let config: BeaconConfig;
  try {
    config = loadConfig(simulatorEnv(process.env));
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await NestFactory.create<NestExpressApplication>(StandaloneSimulatorModule.forRoot(config), {
    logger: new JsonLogger(config.logLevel),
    bodyParser: false,
    forceCloseConnections: true,
  });
  app.useBodyParser('json', { limit: config.bodyLimitBytes });
  app.useBodyParser('urlencoded', { limit: config.bodyLimitBytes, extended: false });
  app.useGlobalFilters(new ErrorFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const { port } = app.getHttpServer().address() as AddressInfo;
  app.get(SelfUrl).set(`http://127.0.0.1:${port}`);
  const target = config.simulator.webhookUrl ?? '';
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: `Simulator listening on port ${port}, webhooks to ${target}` }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`Simulator failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
