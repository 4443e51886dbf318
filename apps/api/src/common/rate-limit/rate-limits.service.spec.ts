import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '../../testing/test-database';
import { testConfig } from '../../testing/test-config';
import { RateLimitRefusedEvent } from '../events/rate-limit-refused.event';
import { RateLimits } from './rate-limits.service';

const LOW_LIMITS = { RATE_LIMIT_LOGIN: '3/1m', RATE_LIMIT_MAIL: '2/1h', RATE_LIMIT_SIGNUP: '5/1h' };

/** The events the limiters raise; each test starts with none heard. */
const events = new EventEmitter2();
const refusedPolicies: string[] = [];
events.on(RateLimitRefusedEvent.NAME, ({ policy }: RateLimitRefusedEvent) => refusedPolicies.push(policy));
beforeEach(() => (refusedPolicies.length = 0));

const client = () => `198.51.100.${randomBytes(1)[0]}-${randomBytes(4).toString('hex')}`;

/** Consumes `times` requests one after another and returns what each was told (undefined: allowed). */
async function attempts(
  limits: RateLimits,
  times: number,
  key: string,
  ...policies: Parameters<RateLimits['consume']>[0]
) {
  const verdicts: (number | undefined)[] = [];
  for (let i = 0; i < times; i++) verdicts.push(await limits.consume(policies, key));
  return verdicts;
}

/** Behaviour every store must show; `open` builds a RateLimits on the store under test. */
function behavesAsARateLimiter(open: () => RateLimits | Promise<RateLimits>) {
  it('allows the configured number of requests per window, then tells how long to wait', async () => {
    const verdicts = await attempts(await open(), 5, client(), 'login');

    expect(verdicts.slice(0, 3)).toEqual([undefined, undefined, undefined]);
    for (const retryAfter of verdicts.slice(3)) {
      expect(retryAfter).toBeGreaterThanOrEqual(59);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
  });

  it('counts each client and each policy on its own', async () => {
    const limits = await open();
    const busy = client();
    await attempts(limits, 3, busy, 'login');

    expect(await limits.consume(['login'], busy)).toBeDefined();
    expect(await limits.consume(['login'], client())).toBeUndefined();
    expect(await limits.consume(['signup'], busy)).toBeUndefined();
  });

  it('counts a request against every policy of the route; the first exhausted one decides', async () => {
    const limits = await open();
    const key = client();
    const verdicts = await attempts(limits, 3, key, 'signup', 'mail');

    expect(verdicts.slice(0, 2)).toEqual([undefined, undefined]);
    expect(verdicts[2]).toBeGreaterThan(3000); // mail's window is an hour, signup's would have allowed it
    expect(refusedPolicies).toEqual(['mail']); // for metrics: the policy that refused
  });

  it('shares the counts between instances on the same store', async () => {
    const [first, second] = [await open(), await open()];
    const key = client();
    await attempts(first, 2, key, 'login');
    await attempts(second, 1, key, 'login');

    expect(await first.consume(['login'], key)).toBeDefined();
    expect(await second.consume(['login'], key)).toBeDefined();
  });
}

describe('RateLimits', () => {
  describe('on PostgreSQL (without REDIS_URL)', () => {
    let db: TestDatabase;
    const open = (dataSource: DataSource = db.dataSource) =>
      new RateLimits(testConfig(LOW_LIMITS), dataSource, events);

    beforeAll(async () => (db = await createTestDatabase([])));
    afterAll(() => db.close());

    behavesAsARateLimiter(() => open());

    it('keeps its counters in the rate_limits table', async () => {
      const key = client();
      await open().consume(['login'], key);
      const rows = await db.dataSource.query<{ points: number }[]>(
        'SELECT points FROM rate_limits WHERE key = $1',
        [`login:${key}`],
      );
      expect(rows).toEqual([{ points: 1 }]);
    });

    it('keeps limiting in memory when the database fails', async () => {
      const broken = new DataSource({ type: 'postgres', url: 'postgres://nobody@127.0.0.1:1/none' });
      const verdicts = await attempts(open(broken), 4, client(), 'login');
      expect(verdicts.slice(0, 3)).toEqual([undefined, undefined, undefined]);
      expect(verdicts[3]).toBeGreaterThan(0);
    });
  });

  const redisUrl = process.env.REDIS_URL;
  if (!redisUrl) {
    console.info(
      'RateLimits on Redis: not run, set REDIS_URL (as the PostgreSQL run of CI does) to test the Redis store',
    );
    return;
  }

  describe('on Redis (REDIS_URL)', () => {
    const prefix = `latchkey-unit-${randomBytes(6).toString('hex')}:`;
    const opened: RateLimits[] = [];
    const create = (url: string) => {
      const config = testConfig({ ...LOW_LIMITS, REDIS_URL: url, REDIS_KEY_PREFIX: prefix });
      // The data source is never used with Redis configured; one that was never connected proves it.
      const limits = new RateLimits(config, new DataSource({ type: 'postgres' }), events);
      opened.push(limits);
      return limits;
    };
    const open = async () => {
      const limits = create(redisUrl);
      await limits.onModuleInit(); // ready, so the counts below go to Redis rather than the fallback
      return limits;
    };

    afterAll(() => opened.forEach((limits) => limits.onApplicationShutdown()));

    behavesAsARateLimiter(open);

    it('keeps its counters in Redis under REDIS_KEY_PREFIX', async () => {
      const key = client();
      await (await open()).consume(['login'], key);
      const redis = new Redis(redisUrl);
      try {
        expect(await redis.get(`${prefix}rate-limit:login:${key}`)).toBe('1');
      } finally {
        redis.disconnect();
      }
    });

    it('keeps limiting in memory while Redis cannot be reached', async () => {
      const verdicts = await attempts(create('redis://127.0.0.1:1'), 4, client(), 'login');
      expect(verdicts.slice(0, 3)).toEqual([undefined, undefined, undefined]);
      expect(verdicts[3]).toBeGreaterThan(0);
    });
  });
});
