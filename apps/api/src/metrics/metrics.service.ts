import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { MailSendFailedEvent } from '../common/events/mail-send-failed.event';
import { RateLimitRefusedEvent } from '../common/events/rate-limit-refused.event';
import { observeSecurityEvents } from '../common/logging/security-events';
import { AppConfig } from '../config/app-config';
import { RATE_LIMIT_POLICIES } from '../config/rate-limits';
import { RequestMetrics } from './request-metrics';
import { SIGN_IN_METHODS, SIGN_IN_OUTCOMES, signInOutcomeOf } from './sign-in-outcome';

interface OutboxFigures {
  waiting: number;
  oldestAgeSeconds: number;
}

/**
 * The figures GET /metrics serves, in a registry of this app's own (tests start several apps in one
 * process). Counters hear what happened through events and the security-event log, so no feature imports
 * metrics; the outbox is measured when scraped. Without METRICS_TOKEN nothing is hooked in or sampled, so
 * a server without metrics pays nothing per request.
 */
@Injectable()
export class MetricsService implements OnModuleDestroy {
  private readonly logger = new Logger(MetricsService.name);
  readonly enabled: boolean;
  private readonly registry = new Registry();
  private readonly signIns: Counter<'method' | 'outcome'>;
  private readonly rateLimitRefusals: Counter<'policy'>;
  private readonly outboxFailures: Counter<'outcome'>;
  private stopObserving?: () => void;
  /** The outbox query of the scrape in progress, shared by the gauges that read it. */
  private outboxFigures?: Promise<OutboxFigures | undefined>;

  constructor(
    config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.enabled = config.metricsToken !== undefined;
    const registers = [this.registry];
    this.signIns = new Counter({
      name: 'latchkey_sign_ins_total',
      help: 'Sign-in attempts by method (password, magic_link, passkey, mfa = the second step) and outcome.',
      labelNames: ['method', 'outcome'],
      registers,
    });
    this.rateLimitRefusals = new Counter({
      name: 'latchkey_rate_limit_refusals_total',
      help: 'Requests answered 429 because the client went over a rate limit, by policy.',
      labelNames: ['policy'],
      registers,
    });
    this.outboxFailures = new Counter({
      name: 'latchkey_outbox_send_failures_total',
      help: 'Failed attempts to hand a mail to the SMTP server: retried later, or given up for good.',
      labelNames: ['outcome'],
      registers,
    });
    this.outboxGauge(
      'latchkey_outbox_waiting_mails',
      'Mails not sent yet (pending or being sent).',
      'waiting',
    );
    this.outboxGauge(
      'latchkey_outbox_oldest_waiting_age_seconds',
      'Age of the oldest mail not sent yet; 0 when none waits.',
      'oldestAgeSeconds',
    );
    if (!this.enabled) return;
    // Every series exists from the start at 0, so rate() and alerts see the first increase.
    for (const method of SIGN_IN_METHODS) {
      for (const outcome of SIGN_IN_OUTCOMES) this.signIns.inc({ method, outcome }, 0);
    }
    for (const policy of RATE_LIMIT_POLICIES) this.rateLimitRefusals.inc({ policy }, 0);
    for (const outcome of ['retry', 'gave_up']) this.outboxFailures.inc({ outcome }, 0);
    // Process figures: CPU, memory, heap, handles, event-loop lag and its percentiles, GC.
    collectDefaultMetrics({ register: this.registry });
    this.stopObserving = observeSecurityEvents((event) => {
      const signIn = signInOutcomeOf(event);
      if (signIn) this.signIns.inc({ method: signIn[0], outcome: signIn[1] });
    });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Times every request from now on (an onResponse hook), when metrics are on. */
  recordRequests(fastify: FastifyInstance): void {
    if (this.enabled) new RequestMetrics(this.registry).listen(fastify);
  }

  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  @OnEvent(RateLimitRefusedEvent.NAME)
  onRateLimitRefused({ policy }: RateLimitRefusedEvent): void {
    if (this.enabled) this.rateLimitRefusals.inc({ policy });
  }

  @OnEvent(MailSendFailedEvent.NAME)
  onMailSendFailed({ outcome }: MailSendFailedEvent): void {
    if (this.enabled) this.outboxFailures.inc({ outcome });
  }

  onModuleDestroy(): void {
    this.stopObserving?.();
  }

  /** A gauge set from the outbox when scraped; NaN when the database could not say. */
  private outboxGauge(name: string, help: string, figure: keyof OutboxFigures): void {
    const read = () => this.readOutbox();
    new Gauge({
      name,
      help,
      registers: [this.registry],
      async collect() {
        this.set((await read())?.[figure] ?? Number.NaN);
      },
    });
  }

  private readOutbox(): Promise<OutboxFigures | undefined> {
    this.outboxFigures ??= this.queryOutbox().finally(() => (this.outboxFigures = undefined));
    return this.outboxFigures;
  }

  /** One query on the outbox's partial index of live rows: sent and dead rows, however many, are not read. */
  private async queryOutbox(): Promise<OutboxFigures | undefined> {
    try {
      const [row] = (await this.dataSource.query(
        `SELECT count(*)::int AS waiting,
                COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest
         FROM mail_outbox WHERE status IN ('pending', 'sending')`,
      )) as { waiting: number; oldest: number }[];
      return { waiting: Number(row.waiting), oldestAgeSeconds: Number(row.oldest) };
    } catch (error) {
      this.logger.warn(`outbox figures unavailable: ${(error as Error).message}`);
      return undefined;
    }
  }
}
