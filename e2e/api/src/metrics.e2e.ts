import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ApiInstance,
  askForMagicLink,
  authenticatorFor,
  enrolTotp,
  expectProblem,
  expectStatus,
  loginToSecondStep,
  passphrase,
  registerPasskey,
  requestSignUp,
  signedInUser,
  startApi,
  trySignInWithPasskey,
  uniqueEmail,
  useServers,
  verifyMagicLink,
  verifyMfa,
  waitFor,
} from './support';

const METRICS_TOKEN = randomBytes(32).toString('base64url');
// Above the sign-ins the other tests make from 127.0.0.1; the refusal test floods from an address of its own.
const LOGIN_LIMIT = 30;

/** GET /metrics at the origin's root, where Prometheus looks; `token` undefined sends no Authorization. */
function scrape(app: ApiInstance, token: string | undefined = METRICS_TOKEN) {
  return app.client.get(`${app.baseUrl}/metrics`, { token });
}

/** The value of the sample `series` (name and labels as Prometheus writes them); undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function metric(app: ApiInstance, series: string): Promise<number> {
  const response = await scrape(app);
  expectStatus(response, 200);
  return sample(response.text, series) ?? 0; // a series not written yet has counted nothing
}

const signIns = (method: string, outcome: string) =>
  `latchkey_sign_ins_total{method="${method}",outcome="${outcome}"}`;
const requests = (method: string, route: string, status: number) =>
  `http_request_duration_seconds_count{method="${method}",route="${route}",status_code="${status}"}`;

describe('GET /metrics', () => {
  describe('with METRICS_TOKEN', () => {
    const servers = useServers({
      env: { METRICS_TOKEN, TRUST_PROXY: '1', RATE_LIMIT_LOGIN: `${LOGIN_LIMIT}/1m` },
    });
    const app = () => servers.app;

    it('answers the token with the Prometheus text format, uncached', async () => {
      const response = await scrape(app());
      expectStatus(response, 200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.text).toMatch(/^# HELP http_request_duration_seconds /m);
      for (const name of [
        'process_cpu_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
      ]) {
        expect(response.text).toMatch(new RegExp(`^${name} \\d`, 'm'));
      }
    });

    it.each([
      ['no Authorization header', undefined],
      ['a wrong token', `${METRICS_TOKEN}x`],
      ['a blank token', ''],
      ['another scheme', `Basic ${METRICS_TOKEN}`],
    ])('answers %s 401 UNAUTHENTICATED with a problem', async (_case, authorization) => {
      const headers = authorization === undefined ? undefined : { authorization };
      const response = await app().client.get(`${app().baseUrl}/metrics`, { headers });
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('is not under the versioned API', async () => {
      expectProblem(await app().client.get('/metrics', { token: METRICS_TOKEN }), 404, 'NOT_FOUND');
    });

    it('labels requests by route template and status, never by the URL with its ids', async () => {
      const { accessToken } = await signedInUser(app(), servers.sink);
      const missing = randomUUID();
      expectStatus(await app().client.get('/users/me', { token: accessToken }), 200);
      expectProblem(await app().client.get(`/images/${missing}`, { token: accessToken }), 404, 'NOT_FOUND');

      const { text } = await scrape(app());
      expect(sample(text, requests('GET', '/api/v1/users/me', 200))).toBeGreaterThanOrEqual(1);
      expect(sample(text, requests('GET', '/api/v1/images/:id', 404))).toBe(1);
      expect(text).not.toContain(missing);
      expect(text).not.toMatch(/route="[^"]*\?/); // nor a query string
    });

    it('counts a failed and a successful password sign-in', async () => {
      const account = await signedInUser(app(), servers.sink);
      const [failedBefore, succeededBefore] = [
        await metric(app(), signIns('password', 'failure')),
        await metric(app(), signIns('password', 'success')),
      ];
      const wrong = await app().client.post('/auth/login', { email: account.email, password: passphrase() });
      expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
      expectProblem(
        await app().client.post('/auth/login', { email: uniqueEmail('nobody'), password: passphrase() }),
        401,
        'INVALID_CREDENTIALS',
      );
      const right = await app().client.post('/auth/login', {
        email: account.email,
        password: account.password,
      });
      expectStatus(right, 200);

      expect(await metric(app(), signIns('password', 'failure'))).toBe(failedBefore + 2);
      // signedInUser signed in once already, before the figure was read.
      expect(await metric(app(), signIns('password', 'success'))).toBe(succeededBefore + 1);
      expect(await metric(app(), signIns('passkey', 'success'))).toBe(0);
    });

    it('counts passwordless sign-ins: a mailed link, a passkey, a refused passkey', async () => {
      const account = await signedInUser(app(), servers.sink);
      const authenticator = authenticatorFor(app());
      await registerPasskey(app(), account.accessToken, authenticator);
      const series = [
        signIns('magic_link', 'success'),
        signIns('passkey', 'success'),
        signIns('passkey', 'failure'),
      ];
      const before = await Promise.all(series.map((name) => metric(app(), name)));

      const { token, pkce } = await askForMagicLink(app(), servers.sink, account.email);
      expectStatus(await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier }), 200);
      expectStatus(await trySignInWithPasskey(app(), authenticator), 200);
      const unverified = await trySignInWithPasskey(app(), authenticator, { userVerified: false });
      expectProblem(unverified, 401, 'INVALID_CREDENTIALS');

      const after = await Promise.all(series.map((name) => metric(app(), name)));
      expect(after).toEqual(before.map((count) => count + 1));
    });

    it('counts a two-step sign-in: the first step as mfa_required, then the second step refused and passed', async () => {
      const account = await signedInUser(app(), servers.sink);
      const { authenticator } = await enrolTotp(app(), account.accessToken);
      const series = [
        signIns('password', 'mfa_required'),
        signIns('mfa', 'failure'),
        signIns('mfa', 'success'),
      ];
      const before = await Promise.all(series.map((name) => metric(app(), name)));

      const { mfaToken } = await loginToSecondStep(app(), account);
      const code = await authenticator.nextCode();
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      expectProblem(await verifyMfa(app(), { mfaToken, code: wrong }), 401, 'INVALID_MFA_CODE');
      expectStatus(await verifyMfa(app(), { mfaToken, code }), 200);

      const after = await Promise.all(series.map((name) => metric(app(), name)));
      expect(after).toEqual(before.map((count) => count + 1));
    });

    it('counts rate-limit refusals by policy', async () => {
      const before = await metric(app(), 'latchkey_rate_limit_refusals_total{policy="login"}');
      const answeredBefore = await metric(app(), requests('POST', '/api/v1/auth/login', 429));
      const login = () =>
        app().client.post(
          '/auth/login',
          { email: uniqueEmail('flood'), password: passphrase() },
          { headers: { 'x-forwarded-for': '198.51.100.23' } },
        );
      for (let i = 0; i < LOGIN_LIMIT; i++) expectProblem(await login(), 401, 'INVALID_CREDENTIALS');
      expectProblem(await login(), 429, 'TOO_MANY_REQUESTS');
      expectProblem(await login(), 429, 'TOO_MANY_REQUESTS');

      expect(await metric(app(), 'latchkey_rate_limit_refusals_total{policy="login"}')).toBe(before + 2);
      expect(await metric(app(), requests('POST', '/api/v1/auth/login', 429))).toBe(answeredBefore + 2);
    });

    it('reports the outbox: nothing waits once the mail went out', async () => {
      await waitFor('the outbox to empty', async () =>
        (await metric(app(), 'latchkey_outbox_waiting_mails')) === 0 ? true : undefined,
      );
      const { text } = await scrape(app());
      expect(sample(text, 'latchkey_outbox_waiting_mails')).toBe(0);
      expect(sample(text, 'latchkey_outbox_oldest_waiting_age_seconds')).toBe(0);
      expect(sample(text, 'latchkey_outbox_send_failures_total{outcome="retry"}')).toBe(0);
    });
  });

  describe('with the SMTP server down', () => {
    let app: ApiInstance;
    // No sink: SMTP_URL points at a closed port, so mail waits and every attempt fails.
    beforeAll(async () => (app = await startApi({ env: { METRICS_TOKEN } })));
    afterAll(() => app?.stop());

    it('reports the waiting mail, the age of the oldest, and the failed attempts', async () => {
      await requestSignUp(app, { email: uniqueEmail('waiting') });
      const failures = await waitFor(
        'a failed attempt to be counted',
        async () => (await metric(app, 'latchkey_outbox_send_failures_total{outcome="retry"}')) || undefined,
      );
      expect(failures).toBeGreaterThanOrEqual(1);
      const { text } = await scrape(app);
      expect(sample(text, 'latchkey_outbox_waiting_mails')).toBe(1);
      expect(sample(text, 'latchkey_outbox_oldest_waiting_age_seconds')).toBeGreaterThan(0);
    });
  });

  describe('without METRICS_TOKEN, beside a served SPA', () => {
    // A stand-in SPA build: its router would answer any other GET outside /api with index.html.
    const spa = mkdtempSync(join(tmpdir(), 'latchkey-metrics-spa-'));
    writeFileSync(join(spa, 'index.html'), '<!doctype html><title>SPA</title>');
    const servers = useServers({ webDistDir: spa });
    afterAll(() => rmSync(spa, { recursive: true, force: true }));

    it('does not exist: 404 NOT_FOUND, whatever the Authorization, and the SPA does not answer it', async () => {
      for (const token of [undefined, METRICS_TOKEN]) {
        const response = await scrape(servers.app, token);
        expectProblem(response, 404, 'NOT_FOUND');
        expect(response.text).not.toContain('# HELP');
      }
      const page = await servers.app.client.get(`${servers.app.baseUrl}/metrics-dashboard`);
      expect(page.text).toContain('<title>SPA</title>');
    });
  });
});
