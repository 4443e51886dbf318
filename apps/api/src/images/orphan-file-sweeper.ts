import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { PeriodicRun } from '../common/background/periodic-run';
import { AppConfig } from '../config/app-config';
import { Image } from './image.entity';
import { ImageStorage } from './storage/image-storage';

/** Keys looked up in one query: well under PostgreSQL's parameter limit, and one listing page of S3. */
const BATCH_SIZE = 500;

/**
 * Deletes image files whose row is gone: left behind when a deletion's file removal failed (the row went,
 * the storage was unreachable) or a process died between writing an upload's files and its row. One per
 * instance, like the outbox worker; instances sweeping the same storage at once only delete twice, which
 * is harmless. Files younger than IMAGE_SWEEP_GRACE are left alone, because an upload stores its files
 * before its row commits.
 */
@Injectable()
export class OrphanFileSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OrphanFileSweeper.name);

  constructor(
    @InjectRepository(Image) private readonly images: Repository<Image>,
    private readonly storage: ImageStorage,
    private readonly config: AppConfig,
  ) {}

  private readonly periodic = new PeriodicRun(
    this.config.imageSweepIntervalMs,
    () => this.sweep(),
    // Storage or database away: nothing was deleted that should not be, the next sweep tries again.
    (error) => this.logger.warn(`image file sweep failed: ${String(error)}`),
  );

  onApplicationBootstrap(): void {
    this.periodic.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.periodic.stop();
  }

  /** Answers how many keys' files were deleted. */
  async sweep(now = new Date()): Promise<number> {
    const cutoff = now.getTime() - this.config.imageSweepGraceMs;
    let batch: string[] = [];
    let removed = 0;
    for await (const { key, storedAt } of this.storage.keys()) {
      if (this.periodic.stopped) break;
      if (storedAt.getTime() > cutoff) continue;
      batch.push(key);
      if (batch.length < BATCH_SIZE) continue;
      removed += await this.removeOrphans(batch);
      batch = [];
    }
    if (batch.length && !this.periodic.stopped) removed += await this.removeOrphans(batch);
    return removed;
  }

  private async removeOrphans(keys: string[]): Promise<number> {
    const rows = await this.images.find({ select: { storageKey: true }, where: { storageKey: In(keys) } });
    const known = new Set(rows.map(({ storageKey }) => storageKey));
    const orphans = keys.filter((key) => !known.has(key));
    for (const key of orphans) await this.storage.remove(key);
    if (orphans.length) this.logger.log(`removed the files of ${orphans.length} images whose rows are gone`);
    return orphans.length;
  }
}
