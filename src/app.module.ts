import { type DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AlertsModule } from './alerts/alerts.module.js';
import { AuditModule } from './audit/audit.module.js';
import { AudienceModule } from './audience/audience.module.js';
import { AreaLibraryModule } from './areas/library/area-library.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ChannelsModule } from './channels/channels.module.js';
import { CommonModule } from './common/common.module.js';
import { ConfigModule } from './config/config.module.js';
import type { BeaconConfig } from './config/config.js';
import { DatabaseModule } from './database/database.module.js';
import { DispatchModule } from './dispatch/dispatch.module.js';
import { HealthModule } from './health/health.module.js';
import { PartnersModule } from './partners/partners.module.js';
import { ReceiptsModule } from './receipts/receipts.module.js';
import { SubscribersModule } from './subscribers/subscribers.module.js';
import { TemplatesModule } from './templates/templates.module.js';

@Module({})
export class AppModule {
  static forRoot(config: BeaconConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        DatabaseModule,
        ScheduleModule.forRoot(),
        AuditModule,
        AuthModule,
        HealthModule,
        SubscribersModule,
        ChannelsModule.forRoot(config),
        DispatchModule,
        ReceiptsModule,
        AlertsModule,
        TemplatesModule,
        AreaLibraryModule,
        AudienceModule,
        PartnersModule,
      ],
    };
  }
}
