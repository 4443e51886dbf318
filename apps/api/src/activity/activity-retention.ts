import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { PeriodicRun } from '../common/background/periodic-run';
import { AppConfig } from '../config/app-config';
import { ActivityRepository, RETENTION_BATCH } from './activity.repository';

/**
 * Deletes security events older than AUDIT_RETENTION_DAYS, in batches, every AUDIT_SWEEP_INTERVAL on each
 * instance (like the orphan file sweeper): instances sweeping at once skip each other's locked rows.
 */
@Injectable()
export class ActivityRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ActivityRetention.name);

  constructor(
    private readonly activity: ActivityRepository,
    private readonly config: AppConfig,
  ) {}

  private readonly periodic = new PeriodicRun(
    this.config.auditSweepIntervalMs,
    () => this.sweep(),
    // The database away: nothing was lost, the next sweep tries again.
    (error) => this.logger.warn(`security event retention sweep failed: ${String(error)}`),
  );

  onApplicationBootstrap(): void {
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
  }

  /** Answers how many rows were deleted. */
  async sweep(): Promise<number> {
    let removed = 0;
    for (;;) {
      if (this.periodic.stopped) break;
      const batch = await this.activity.deleteOlderThan(this.config.auditRetentionDays);
      removed += batch;
      if (batch < RETENTION_BATCH) break;
    }
    if (removed) this.logger.log(`removed ${removed} security events past AUDIT_RETENTION_DAYS`);
    return removed;
  }
}
