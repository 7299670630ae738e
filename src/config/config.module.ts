import { Global, Module } from '@nestjs/common';
import { loadConfig, type BeaconConfig } from './config.js';

export const BEACON_CONFIG = Symbol('BEACON_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /** Tests pass a ready config; the start command reads process.env. */
  static forRoot(config: BeaconConfig = loadConfig(process.env)) {
    return {
      module: ConfigModule,
      providers: [{ provide: BEACON_CONFIG, useValue: config }],
      exports: [BEACON_CONFIG],
    };
  }
}
