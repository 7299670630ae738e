import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BEACON_CONFIG } from '../config/config.module.js';
import type { BeaconConfig } from '../config/config.js';
import { openDatabase } from './data-source.js';
import { startEmbeddedPostgres, type EmbeddedServer } from './embedded-postgres.js';

const EMBEDDED_SERVER = Symbol('EMBEDDED_SERVER');

/** Closes the pool, then stops the embedded server (if this process started one). */
class DatabaseLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(
    private readonly dataSource: DataSource,
    private readonly server: EmbeddedServer | null,
  ) {}

  async onApplicationShutdown() {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
    if (this.server) {
      await this.server.stop();
      this.logger.log('Embedded PostgreSQL stopped');
    }
  }
}

@Global()
@Module({
  providers: [
    {
      provide: EMBEDDED_SERVER,
      inject: [BEACON_CONFIG],
      useFactory: async (config: BeaconConfig): Promise<EmbeddedServer | null> => {
        if (config.databaseUrl) return null;
        const logger = new Logger('Database');
        const server = await startEmbeddedPostgres(config.dataDir);
        logger.log(`Embedded PostgreSQL started in ${config.dataDir}`);
        return server;
      },
    },
    {
      provide: DataSource,
      inject: [BEACON_CONFIG, EMBEDDED_SERVER],
      useFactory: async (config: BeaconConfig, server: EmbeddedServer | null) => {
        const url = config.databaseUrl ?? server?.url;
        if (!url) throw new Error('No database: DATABASE_URL unset and no embedded server');
        const logger = new Logger('Database');
        return openDatabase(url, { appRole: config.databaseAppRole, warn: (message) => logger.warn(message), log: (message) => logger.log(message) });
      },
    },
    {
      provide: DatabaseLifecycle,
      inject: [DataSource, EMBEDDED_SERVER],
      useFactory: (dataSource: DataSource, server: EmbeddedServer | null) => new DatabaseLifecycle(dataSource, server),
    },
  ],
  exports: [DataSource],
})
export class DatabaseModule {}

