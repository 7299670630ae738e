import 'reflect-metadata';
import { type DynamicModule, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ChannelsModule } from './channels/channels.module.js';
import { CommonModule } from './common/common.module.js';
import { JsonLogger } from './common/json-logger.js';
import { ConfigModule } from './config/config.module.js';
import { type BeaconConfig, ConfigError, loadConfig } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import { DispatchModule } from './dispatch/dispatch.module.js';

/**
 * A sender worker without HTTP: it claims from the same queue as the API process (any number of
 * these, on any machine sharing the database) and paces each sender identity globally.
 * Run completion stays with the API process (it owns the alerts); the worker only sends.
 */
@Module({})
class WorkerModule {
  static forRoot(config: BeaconConfig): DynamicModule {
    return { module: WorkerModule, imports: [ConfigModule.forRoot(config), CommonModule, DatabaseModule, ChannelsModule, DispatchModule] };
  }
}

function workerConfig(env: Record<string, string | undefined>): BeaconConfig {
  const config = loadConfig(env);
  if (config.whatsapp.apiBaseUrl === undefined) {
    // The built-in simulator lives in the API process; a worker must be told where to send.
    throw new ConfigError('WHATSAPP_API_BASE_URL', 'is required by a worker process (the Graph API, or http://<api>/simulator/whatsapp)');
  }
  return { ...config, dispatch: { ...config.dispatch, workersEnabled: true } };
}

async function main() {
  let config: BeaconConfig;
  try {
    config = workerConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78);
    }
    throw error;
  }
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: new JsonLogger(config.logLevel) });
  app.enableShutdownHooks();
  await app.init();
  process.stdout.write(JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'Beacon worker started', pid: process.pid }) + '\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`Beacon worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
