import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import { setTimeout as delay } from 'node:timers/promises';
import {
  RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { RATE_LIMIT_POLICIES, RateLimitPolicy } from '../../config/rate-limits';
import { RateLimitRefusedEvent } from '../events/rate-limit-refused.event';

/** Created by the AddLoginThrottling migration in the layout RateLimiterPostgres uses. */
const RATE_LIMIT_TABLE = 'rate_limits';
const REDIS_STARTUP_WAIT_MS = 5000;

/**
 * Per-client counters for every policy, in PostgreSQL (one table shared by the API instances) or, when
 * REDIS_URL is set, in Redis. Should the store fail, each instance falls back to counting in memory:
 * a database or Redis hiccup must neither lift the limits nor turn requests into errors.
 */
@Injectable()
export class RateLimits implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimits.name);
  private readonly redis?: Redis;
  private readonly limiters: Record<RateLimitPolicy, RateLimiterAbstract>;

  constructor(
    private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly events: EventEmitter2,
  ) {
    if (config.redisUrl) this.redis = this.connectRedis(config.redisUrl);
    this.limiters = Object.fromEntries(
      RATE_LIMIT_POLICIES.map((policy) => [policy, this.createLimiter(policy)]),
    ) as Record<RateLimitPolicy, RateLimiterAbstract>;
  }

  /**
   * Counts one request from `clientKey` under each policy in turn. Resolves to undefined when all allow
   * it, otherwise to the seconds until the first policy that refused would allow it again.
   */
  async consume(policies: readonly RateLimitPolicy[], clientKey: string): Promise<number | undefined> {
    for (const policy of policies) {
      try {
        await this.limiters[policy].consume(clientKey);
      } catch (refusal) {
        if (refusal instanceof RateLimiterRes) {
          this.events.emit(RateLimitRefusedEvent.NAME, new RateLimitRefusedEvent(policy));
          return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
        }
        // Store and in-memory fallback both failed: a bug, not the client's doing; let the request through.
        this.logger.error({ err: refusal, policy }, 'rate limiter failed; request allowed');
      }
    }
    return undefined;
  }

  /** Waits briefly for Redis, so an instance does not start out counting in memory alone. */
  async onModuleInit(): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return;
    const ready = await Promise.race([
      new Promise<boolean>((resolve) => redis.once('ready', () => resolve(true))),
      delay(REDIS_STARTUP_WAIT_MS, false, { ref: false }),
    ]);
    if (!ready) this.logger.warn('Redis is not reachable yet; counting rate limits in memory until it is');
  }

  onApplicationShutdown(): void {
    // Nothing is lost by cutting the connection: every count was written when it was made.
    this.redis?.disconnect();
  }

  private createLimiter(policy: RateLimitPolicy): RateLimiterAbstract {
    const { points, durationSeconds: duration } = this.config.rateLimits[policy];
    const options = {
      points,
      duration,
      keyPrefix: policy,
      // A client over the limit is turned away from memory until its window ends: a flood costs no queries.
      inMemoryBlockOnConsumed: points + 1,
      insuranceLimiter: new RateLimiterMemory({ points, duration, keyPrefix: policy }),
    };
    if (this.redis) {
      return new RateLimiterRedis({
        ...options,
        storeClient: this.redis,
        keyPrefix: `${this.config.redisKeyPrefix}rate-limit:${policy}`,
        rejectIfRedisNotReady: true,
      });
    }
    return new RateLimiterPostgres({
      ...options,
      storeClient: this.dataSource,
      storeType: 'typeorm',
      tableName: RATE_LIMIT_TABLE,
      tableCreated: true,
      // The policies share the table, so one sweeper of expired rows per instance is enough.
      clearExpiredByTimeout: policy === RATE_LIMIT_POLICIES[0],
    });
  }

  private connectRedis(url: string): Redis {
    // No offline queue: while Redis is away, requests are counted in memory at once instead of waiting.
    const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    let reported = false;
    redis.on('ready', () => (reported = false));
    redis.on('error', (error: Error) => {
      if (reported) return; // ioredis retries every few seconds; one line per outage is enough
      reported = true;
      this.logger.warn(`Redis unavailable, counting rate limits in memory meanwhile: ${error.message}`);
    });
    return redis;
  }
}
