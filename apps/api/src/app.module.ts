import { DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ActivityModule } from './activity/activity.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ImagesModule } from './images/images.module';
import { MailModule } from './mail/mail.module';
import { MetricsModule } from './metrics/metrics.module';
import { UsersModule } from './users/users.module';

@Module({})
export class AppModule {
  /** The whole app, configured by `config` alone (see ConfigModule). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // Features tell each other what happened instead of importing each other (docs/architecture.md ›
        // Module map).
        EventEmitterModule.forRoot(),
        CommonModule,
        DatabaseModule,
        MailModule,
        UsersModule,
        AuthModule,
        ImagesModule,
        ActivityModule,
        HealthModule,
        MetricsModule,
      ],
    };
  }
}
