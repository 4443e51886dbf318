import { randomBytes } from 'node:crypto';
import {
  ApiResponse,
  confirmationMail,
  delay,
  expectProblem,
  expectStatus,
  loginAs,
  LoginBody,
  newPkce,
  passphrase,
  signUp,
  uniqueEmail,
  useServers,
  useTwoServers,
} from './support';

/** Checks a 429 (docs/architecture.md › Passwords, lockout and throttling); returns Retry-After in seconds. */
function expectTooManyRequests(response: ApiResponse<unknown>, windowSeconds: number): number {
  expectProblem(response, 429, 'TOO_MANY_REQUESTS');
  const retryAfter = response.headers.get('retry-after') ?? '';
  expect(retryAfter).toMatch(/^\d+$/);
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  expect(Number(retryAfter)).toBeLessThanOrEqual(windowSeconds);
  expect(response.headers.get('cache-control')).toMatch(/no-store/);
  expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  return Number(retryAfter);
}

const via = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
const bogusToken = () => randomBytes(32).toString('base64url');

describe('per-IP rate limits', () => {
  describe('with TRUST_PROXY off (the default)', () => {
    const servers = useServers({ env: { RATE_LIMIT_REFRESH: '3/3s' } });
    const app = () => servers.app;
    const refresh = (refreshToken: string, forwardedFor: string) =>
      app().client.post<LoginBody>('/auth/refresh', { refreshToken }, via(forwardedFor));

    it('ignores X-Forwarded-For: a forged address gets no fresh allowance', async () => {
      const account = await signUp(app(), servers.sink);
      const { refreshToken } = await loginAs(app(), account);

      for (const forged of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
        expectProblem(await refresh(bogusToken(), forged), 401, 'INVALID_REFRESH_TOKEN');
      }
      const refused = await refresh(refreshToken!, '203.0.113.4');
      const retryAfter = expectTooManyRequests(refused, 3);

      // The refused request changed nothing: once the window has passed, the same token still works.
      await delay(retryAfter * 1000 + 250);
      expectStatus(await refresh(refreshToken!, '203.0.113.5'), 200);
    });
  });

  describe('behind one trusted proxy (TRUST_PROXY=1): each forwarded address counts on its own', () => {
    const servers = useServers({
      env: {
        TRUST_PROXY: '1',
        RATE_LIMIT_LOGIN: '3/1m',
        RATE_LIMIT_SIGNUP: '3/1h',
        RATE_LIMIT_TOKEN: '3/1m',
      },
    });
    const app = () => servers.app;
    const login = (body: object, ip: string) => app().client.post('/auth/login', body, via(ip));

    it('login: a client over the limit is refused before its credentials are checked', async () => {
      const account = await signUp(app(), servers.sink);
      const [busy, other] = ['192.0.2.9', '192.0.2.10'];
      for (let i = 0; i < 3; i++) {
        expectProblem(
          await login({ email: account.email, password: passphrase() }, busy),
          401,
          'INVALID_CREDENTIALS',
        );
      }

      expectTooManyRequests(await login(account, busy), 60);
      expectStatus(await login({ email: account.email, password: account.password }, other), 200);
    });

    it('sign-up: the fourth is refused and nothing is written or mailed', async () => {
      const ip = '192.0.2.20';
      for (let i = 0; i < 3; i++) {
        const response = await app().client.post(
          '/auth/signup',
          { email: uniqueEmail(), password: passphrase() },
          via(ip),
        );
        expectStatus(response, 202);
      }
      const email = uniqueEmail('refused');

      const refused = await app().client.post('/auth/signup', { email, password: passphrase() }, via(ip));

      expectTooManyRequests(refused, 3600);
      // The address is still free: from another client it gets a confirmation, not an "already registered".
      const accepted = await app().client.post(
        '/auth/signup',
        { email, password: passphrase() },
        via('192.0.2.21'),
      );
      expectStatus(accepted, 202);
      await confirmationMail(app(), servers.sink, email);
      await servers.sink.waitForQuiet(500);
      expect(servers.sink.matching({ to: email })).toHaveLength(1);
    });

    it('email confirmation: over the limit even a valid token is refused, and stays valid', async () => {
      const account = await signUp(app(), servers.sink);
      const confirm = (token: string, ip: string) =>
        app().client.post('/auth/email/confirm', { token }, via(ip));
      for (let i = 0; i < 3; i++)
        expectProblem(await confirm(bogusToken(), '192.0.2.30'), 400, 'INVALID_TOKEN');

      expectTooManyRequests(await confirm(account.confirmToken, '192.0.2.30'), 60);
      expectStatus(await confirm(account.confirmToken, '192.0.2.31'), 200);
    });

    it('counts an IPv6 client by its /64 network', async () => {
      const wrong = { email: uniqueEmail('v6'), password: passphrase() };
      for (const host of ['1', '2', 'abcd:1']) {
        expectProblem(await login(wrong, `2001:db8:7:7::${host}`), 401, 'INVALID_CREDENTIALS');
      }

      expectTooManyRequests(await login(wrong, '2001:db8:7:7:ffff:ffff:ffff:ffff'), 60);
      expectProblem(await login(wrong, '2001:db8:7:8::1'), 401, 'INVALID_CREDENTIALS');
    });
  });

  describe("the 'mail' limit, shared by every route that sends mail", () => {
    const servers = useServers({ env: { RATE_LIMIT_MAIL: '2/1h' } });

    it('refuses sign-up once the client has had its share of mail', async () => {
      const signUpFresh = () =>
        servers.app.client.post('/auth/signup', { email: uniqueEmail(), password: passphrase() });
      expectStatus(await signUpFresh(), 202);
      expectStatus(await signUpFresh(), 202);

      const retryAfter = expectTooManyRequests(await signUpFresh(), 3600);
      expect(retryAfter).toBeGreaterThan(60); // the hour-long mail window, not sign-up's own limit
    });

    it('counts every mail-sending route against the same share', async () => {
      const forgot = () =>
        servers.app.client.post('/auth/password/forgot', { email: uniqueEmail('forgetful') });
      // The share was spent by sign-ups above; password reset and magic-link mail draw from it too.
      expectTooManyRequests(await forgot(), 3600);
      const magicLink = await servers.app.client.post('/auth/magic-link', {
        email: uniqueEmail('linked'),
        codeChallenge: newPkce().codeChallenge,
      });
      expectTooManyRequests(magicLink, 3600);
    });
  });

  describe('counters in Redis (REDIS_URL)', () => {
    const redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      console.info(
        'Redis-backed rate limits: not run here; set REDIS_URL (as the PostgreSQL run of CI does) to run them',
      );
      return;
    }
    // Two instances with databases of their own: what they share, they can only share through Redis.
    const env = {
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `latchkey-e2e-${randomBytes(6).toString('hex')}:`,
      RATE_LIMIT_LOGIN: '4/1m',
    };
    const servers = useTwoServers({ sameDatabase: false, env });

    it('adds up requests to instances that share nothing but Redis', async () => {
      const { app: first, second } = servers;
      const wrong = { email: uniqueEmail(), password: passphrase() };
      for (const instance of [first, second, first, second]) {
        expectProblem(await instance.client.post('/auth/login', wrong), 401, 'INVALID_CREDENTIALS');
      }

      expectTooManyRequests(await first.client.post('/auth/login', wrong), 60);
      expectTooManyRequests(await second.client.post('/auth/login', wrong), 60);
    });
  });
});
