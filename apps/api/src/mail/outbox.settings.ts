import { AppConfig } from '../config/app-config';

export const OUTBOX_SETTINGS = Symbol('OutboxSettings');

/** Upper bound for handing one mail to the SMTP server (connect, greet, transfer). */
export const SEND_TIMEOUT_MS = 20_000;

export interface OutboxSettings {
  /** Wait between claims when the outbox looked empty and nothing nudged the worker. */
  pollIntervalMs: number;
  /** Delay before the first retry after a transient failure; doubled for each later one. */
  retryBaseMs: number;
  maxRetryDelayMs: number;
  /** Attempts after which a mail that keeps failing transiently is given up as failed. */
  maxAttempts: number;
  /** Rows claimed per transaction. */
  batchSize: number;
  /** How long a claim is exclusive; a worker that died mid-batch releases its rows when this lapses. */
  leaseMs: number;
}

const BATCH_SIZE = 10;

export function outboxSettingsFrom(config: AppConfig): OutboxSettings {
  return {
    pollIntervalMs: config.mailPollIntervalMs,
    retryBaseMs: config.mailRetryBaseMs,
    maxRetryDelayMs: 60 * 60_000,
    // With the default 5 s base and the one-hour cap, 30 attempts ride out about 20 hours of SMTP outage.
    maxAttempts: 30,
    batchSize: BATCH_SIZE,
    // Rows of a batch are sent one after another, so the lease must outlast a whole batch of slow sends,
    // or another instance could reclaim and send a row that is still in flight.
    leaseMs: BATCH_SIZE * SEND_TIMEOUT_MS + 60_000,
  };
}
