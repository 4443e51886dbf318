import { Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ImagesModule } from './images/images.module';
import { MailModule } from './mail/mail.module';
import { UsersModule } from './users/users.module';

@Module({
  imports: [
    ConfigModule,
    // Features tell each other what happened instead of importing each other (docs/architecture.md › Module map).
    EventEmitterModule.forRoot(),
    CommonModule,
    DatabaseModule,
    MailModule,
    UsersModule,
    AuthModule,
    ImagesModule,
    HealthModule,
  ],
})
export class AppModule {}
