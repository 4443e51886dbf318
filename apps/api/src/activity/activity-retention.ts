import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { ActivityRepository, RETENTION_BATCH } from './activity.repository';

/**
 * Deletes security events older than AUDIT_RETENTION_DAYS, in batches, every AUDIT_SWEEP_INTERVAL on each
 * instance (like the orphan file sweeper): instances sweeping at once skip each other's locked rows.
 */
@Injectable()
export class ActivityRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ActivityRetention.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;
  private stopped = false;

  constructor(
    private readonly activity: ActivityRepository,
    private readonly config: AppConfig,
  ) {}

  /** The first sweep waits one interval, so a start costs nothing. */
  onApplicationBootstrap(): void {
    this.schedule();
  }

  /** Stops between two batches and waits for the one in flight, before the database closes. */
  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  /** Answers how many rows were deleted. */
  async sweep(): Promise<number> {
    let removed = 0;
    for (;;) {
      if (this.stopped) break;
      const batch = await this.activity.deleteOlderThan(this.config.auditRetentionDays);
      removed += batch;
      if (batch < RETENTION_BATCH) break;
    }
    if (removed) this.logger.log(`removed ${removed} security events past AUDIT_RETENTION_DAYS`);
    return removed;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep()
        .catch((error: unknown) => {
          // The database away: nothing was lost, the next sweep tries again.
          this.logger.warn(`security event retention sweep failed: ${String(error)}`);
        })
        .finally(() => this.schedule());
    }, this.config.auditSweepIntervalMs);
    this.timer.unref();
  }
}
