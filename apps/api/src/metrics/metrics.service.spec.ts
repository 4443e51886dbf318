import { Logger } from '@nestjs/common';
import Fastify, { FastifyInstance } from 'fastify';
import { MailSendFailedEvent } from '../common/events/mail-send-failed.event';
import { RateLimitRefusedEvent } from '../common/events/rate-limit-refused.event';
import { logSecurityEvent } from '../common/logging/security-events';
import { MailOutbox } from '../mail/mail-outbox.entity';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { testConfig } from '../testing/test-config';
import { MetricsService } from './metrics.service';

const ON = { METRICS_TOKEN: 'unit-test-token' };

/** The value of the sample `name{labels}` in a scrape, or undefined when there is no such sample. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('MetricsService', () => {
  let db: TestDatabase;
  const services: MetricsService[] = [];
  const open = (env: NodeJS.ProcessEnv = ON) => {
    const service = new MetricsService(testConfig(env), db.dataSource);
    services.push(service);
    return service;
  };

  beforeAll(async () => (db = await createTestDatabase([MailOutbox])));
  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    for (const service of services.splice(0)) service.onModuleDestroy();
  });
  afterAll(() => db.close());

  describe('request durations', () => {
    let fastify: FastifyInstance;
    afterEach(() => fastify.close());

    it('are labelled by route template, method and status, never by the URL', async () => {
      const metrics = open();
      fastify = Fastify();
      metrics.recordRequests(fastify);
      fastify.get('/api/v1/images/:id', (request, reply) => {
        const { id } = request.params as { id: string };
        return id === 'missing' ? reply.code(404).send() : { id };
      });
      await fastify.inject('/api/v1/images/5b1e9a0c');
      await fastify.inject('/api/v1/images/77f0c2d1');
      await fastify.inject('/api/v1/images/missing');
      await fastify.inject({ method: 'DELETE', url: '/wp-admin/secret-1234' });

      const text = await metrics.scrape();
      const series = 'http_request_duration_seconds_count{method="GET",route="/api/v1/images/:id"';
      expect(sample(text, `${series},status_code="200"}`)).toBe(2);
      expect(sample(text, `${series},status_code="404"}`)).toBe(1);
      expect(
        sample(
          text,
          'http_request_duration_seconds_count{method="unmatched",route="unmatched",status_code="404"}',
        ),
      ).toBe(1);
      expect(text).not.toMatch(/5b1e9a0c|wp-admin|DELETE/);
    });

    it('are not recorded without METRICS_TOKEN', async () => {
      const metrics = open({});
      fastify = Fastify();
      metrics.recordRequests(fastify);
      fastify.get('/api/v1/users/me', () => ({}));
      await fastify.inject('/api/v1/users/me');

      expect(await metrics.scrape()).not.toContain('http_request_duration_seconds_count');
    });
  });

  it('counts sign-ins by method and outcome from the security events, every series starting at 0', async () => {
    const metrics = open();
    logSecurityEvent({ event: 'auth.login_failed', reason: 'wrong_password', knownDevice: false });
    logSecurityEvent({
      event: 'auth.login_failed',
      userId: 'u',
      reason: 'account_locked',
      knownDevice: false,
    });
    logSecurityEvent({ event: 'auth.login_succeeded', userId: 'u', sessionId: 's', knownDevice: true });
    logSecurityEvent({ event: 'auth.mfa_required', userId: 'u', after: 'magic_link' });
    logSecurityEvent({ event: 'auth.mfa_failed', userId: 'u', via: 'totp', triesLeft: 4 });
    logSecurityEvent({ event: 'auth.passkey_login_failed' });
    logSecurityEvent({ event: 'account.mfa_enabled', userId: 'u' });

    const text = await metrics.scrape();
    const signIns = (method: string, outcome: string) =>
      sample(text, `latchkey_sign_ins_total{method="${method}",outcome="${outcome}"}`);
    expect(signIns('password', 'failure')).toBe(1);
    expect(signIns('password', 'locked')).toBe(1);
    expect(signIns('password', 'success')).toBe(1);
    expect(signIns('magic_link', 'mfa_required')).toBe(1);
    expect(signIns('mfa', 'failure')).toBe(1);
    expect(signIns('passkey', 'failure')).toBe(1);
    expect(signIns('passkey', 'success')).toBe(0);
  });

  it('stops hearing security events once its module is destroyed', async () => {
    const metrics = open();
    metrics.onModuleDestroy();
    logSecurityEvent({ event: 'auth.passkey_login_failed' });

    expect(
      sample(await metrics.scrape(), 'latchkey_sign_ins_total{method="passkey",outcome="failure"}'),
    ).toBe(0);
  });

  it('counts rate-limit refusals by policy and failed sends by outcome', async () => {
    const metrics = open();
    metrics.onRateLimitRefused(new RateLimitRefusedEvent('login'));
    metrics.onRateLimitRefused(new RateLimitRefusedEvent('login'));
    metrics.onMailSendFailed(new MailSendFailedEvent('retry'));

    const text = await metrics.scrape();
    expect(sample(text, 'latchkey_rate_limit_refusals_total{policy="login"}')).toBe(2);
    expect(sample(text, 'latchkey_rate_limit_refusals_total{policy="signup"}')).toBe(0);
    expect(sample(text, 'latchkey_outbox_send_failures_total{outcome="retry"}')).toBe(1);
    expect(sample(text, 'latchkey_outbox_send_failures_total{outcome="gave_up"}')).toBe(0);
  });

  it('reads the waiting mail and the age of the oldest from the outbox when scraped', async () => {
    const metrics = open();
    expect(sample(await metrics.scrape(), 'latchkey_outbox_waiting_mails')).toBe(0);
    expect(sample(await metrics.scrape(), 'latchkey_outbox_oldest_waiting_age_seconds')).toBe(0);

    const mail = { to: 'a@example.com', template: 'confirm-email' as const, data: {} };
    await db.dataSource.getRepository(MailOutbox).insert([
      { ...mail, createdAt: new Date(Date.now() - 90_000) },
      { ...mail, status: 'sending' },
      { ...mail, status: 'sent', createdAt: new Date(Date.now() - 3_600_000) },
      { ...mail, status: 'failed', createdAt: new Date(Date.now() - 3_600_000) },
    ]);

    const text = await metrics.scrape();
    expect(sample(text, 'latchkey_outbox_waiting_mails')).toBe(2);
    const age = sample(text, 'latchkey_outbox_oldest_waiting_age_seconds')!;
    expect(age).toBeGreaterThanOrEqual(89);
    expect(age).toBeLessThan(150);
  });

  it('serves process figures and event-loop lag when on', async () => {
    const text = await open().scrape();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toMatch(new RegExp(`^${name} `, 'm'));
    }
  });
});
