import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ActivityExportListener } from './account-export.listener';
import { ActivityController } from './activity.controller';
import { ActivityListener } from './activity.listener';
import { ActivityRepository } from './activity.repository';
import { ActivityRetention } from './activity-retention';
import { ActivityService } from './activity.service';
import { AdminAuditController } from './admin-audit.controller';
import { SecurityEventRow } from './security-event.entity';

/**
 * The security activity and the admin audit log (DESIGN.md §12). Features never import it: they raise
 * SecurityActivityEvent in their transactions, and the session start writes its row in its own statement.
 */
@Module({
  imports: [TypeOrmModule.forFeature([SecurityEventRow])],
  controllers: [ActivityController, AdminAuditController],
  providers: [
    ActivityService,
    ActivityRepository,
    ActivityListener,
    ActivityRetention,
    ActivityExportListener,
  ],
})
export class ActivityModule {}
