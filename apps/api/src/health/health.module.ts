import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { MailHealthIndicator } from './mail.health';
import { ReadinessService } from './readiness.service';

@Module({
  controllers: [HealthController],
  providers: [MailHealthIndicator, ReadinessService],
})
export class HealthModule {}
