import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { S3_TEST_CREDENTIALS, S3TestServer } from '../../../../apps/api/src/testing/s3-test-server';
import {
  ApiClient,
  ApiEndpoint,
  ApiInstance,
  confirmFromMail,
  expectProblem,
  expectStatus,
  fetchSigned,
  freePort,
  loginAs,
  signUp,
  SmtpSink,
  startApi,
  storedFiles,
  uploaded,
} from '../support';
import { composeEnvironment, composeServices } from './compose';
import { WebProxy } from './nginx';

/**
 * docker-compose.yml without Docker (DESIGN §14): the web image's nginx configuration in Debian's nginx, in
 * front of two production builds of the API that run with the compose file's api environment, on
 * PostgreSQL, Redis, an SMTP sink and an S3 server (s3rver, as the S3 storage's own tests use). Only where
 * the services are differs: each compose host name (postgres, redis, mailpit, minio) is replaced by the
 * address of the one running here; and the S3 keys are s3rver's, the only ones it accepts.
 */
describe('the compose wiring: nginx with the web image configuration in front of two API instances', () => {
  const sink = new SmtpSink();
  const state = {} as {
    a: ApiInstance;
    b: ApiInstance;
    proxy: WebProxy;
    site: ApiEndpoint;
    s3: S3TestServer;
  };

  beforeAll(async () => {
    const { DATABASE_URL, REDIS_URL } = process.env;
    if (!DATABASE_URL || !REDIS_URL) {
      throw new Error(
        'the deploy test runs on PostgreSQL and Redis, as the compose file does: set DATABASE_URL and ' +
          'REDIS_URL (as in the PostgreSQL run of CI)',
      );
    }
    await sink.start();
    const proxyPort = await freePort();
    const publicUrl = `http://127.0.0.1:${proxyPort}`;
    const env = composeEnvironment('api', {
      JWT_SECRET: randomBytes(48).toString('base64'),
      JWT_SIGNING_KEY: generateKeyPairSync('ec', { namedCurve: 'P-256' })
        .privateKey.export({ format: 'pem', type: 'pkcs8' })
        .toString(),
      PUBLIC_URL: publicUrl,
    });
    expect(env).toMatchObject({ NODE_ENV: 'production', TRUST_PROXY: '1', PUBLIC_URL: publicUrl });
    // startApi puts the test's own database (a fresh one on the server in DATABASE_URL) in its place.
    expect(new URL(env.DATABASE_URL).host).toBe('postgres:5432');
    delete env.DATABASE_URL;
    const bucket = /^s3:\/\/([^/?]+)/.exec(env.STORAGE_URL)?.[1];
    if (!bucket) throw new Error(`docker-compose.yml: STORAGE_URL is not an S3 bucket: ${env.STORAGE_URL}`);
    state.s3 = await S3TestServer.start(bucket);
    Object.assign(env, S3_TEST_CREDENTIALS);

    const apiEnv = {
      ...atServices(env, {
        redis: new URL(REDIS_URL).host,
        mailpit: new URL(sink.url).host,
        minio: new URL(state.s3.endpoint).host,
      }),
      // A namespace of its own in the shared Redis: counters of earlier test runs must not count here.
      REDIS_KEY_PREFIX: `latchkey-deploy-${randomBytes(6).toString('hex')}:`,
    };
    state.a = await startApi({ sink, env: apiEnv });
    state.b = await startApi({ sink, env: apiEnv, sameDatabaseAs: state.a });
    const upstreams = [state.a, state.b].map((instance) => `127.0.0.1:${instance.port}`);
    state.proxy = await WebProxy.start(upstreams, proxyPort);
    state.site = { client: new ApiClient(state.proxy.baseUrl), publicUrl };
  }, 150_000);

  afterAll(async () => {
    try {
      await state.proxy?.stop();
      await state.b?.stop();
      await state.a?.stop();
    } finally {
      await sink.stop();
      await state.s3?.stop();
    }
  });

  it('serves the SPA with its headers, client-side routes and long-cached assets', async () => {
    const page = (path: string) => fetch(state.proxy.baseUrl + path);
    const index = await page('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    const route = await page('/account/sessions');
    expect(route.status).toBe(200);
    expect(await route.text()).toBe(html);
    const asset = /(?:src|href)="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    if (!asset) throw new Error(`no /assets/*.js in index.html:\n${html}`);
    const script = await page(asset);
    expect(script.status).toBe(200);
    expect(script.headers.get('cache-control')).toBe('max-age=31536000');
    await script.arrayBuffer();
  });

  it('hands /.well-known to the API: the token keys and discovery document, not the SPA', async () => {
    const keys = await fetch(`${state.proxy.baseUrl}/.well-known/jwks.json`);
    expect(keys.status).toBe(200);
    expect(keys.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await keys.json()) as { keys: { alg: string }[] }).keys).toEqual([
      expect.objectContaining({ alg: 'ES256' }),
    ]);
    const discovery = await fetch(`${state.proxy.baseUrl}/.well-known/openid-configuration`);
    expect(await discovery.json()).toEqual({
      issuer: state.site.publicUrl,
      jwks_uri: `${state.site.publicUrl}/.well-known/jwks.json`,
    });
  });

  it('walks sign-up, mail, confirmation, login, an upload at A served by B, and a logout that B sees', async () => {
    const { a, b, proxy, site } = state;
    expectStatus(await site.client.get('/health/ready'), 200);

    const account = await signUp(site, sink);
    await confirmFromMail(site, account.mail);
    const { accessToken, refreshToken } = await loginAs(site, account);
    expectStatus(await site.client.get('/users/me', { token: accessToken }), 200);

    const image = await uploaded(a, accessToken);
    // In the bucket, not on A's disk.
    expect(storedFiles(join(a.dataDir, 'images'))).toEqual([]);
    const atB = await fetchSigned(b, image.url);
    expectStatus(atB, 200);
    expect(atB.headers.get('content-type')).toBe('image/jpeg');
    const throughProxy = await fetchSigned(site, image.url);
    expectStatus(throughProxy, 200);
    expect(throughProxy.raw.equals(atB.raw)).toBe(true);

    expectStatus(await site.client.post('/auth/logout', undefined, { token: accessToken }), 204);
    expectProblem(await b.client.get('/users/me', { token: accessToken }), 401, 'UNAUTHENTICATED');
    expectProblem(await a.client.get('/users/me', { token: accessToken }), 401, 'UNAUTHENTICATED');
    const refresh = await b.client.post('/auth/refresh', { refreshToken });
    expect(refresh.status).toBe(401);

    // nginx balanced the proxied requests over both instances.
    expect(new Set(proxy.upstreamsUsed())).toEqual(new Set([a, b].map((i) => `127.0.0.1:${i.port}`)));
  });
});

/**
 * The environment with each URL that names a compose service (`redis://redis:6379`, an `endpoint=` inside
 * STORAGE_URL) pointed at the given host:port instead; fails when a service is left without an address.
 */
function atServices(env: Record<string, string>, addresses: Record<string, string>): Record<string, string> {
  const services = composeServices().join('|');
  const serviceUrl = new RegExp(`(\\w+://(?:[^@/?#\\s]*@)?)(${services})(?::\\d+)?(?=[/?#&]|$)`, 'g');
  return Object.fromEntries(
    Object.entries(env).map(([name, value]) => [
      name,
      value.replace(serviceUrl, (_url, scheme: string, service: string) => {
        const address = addresses[service];
        if (!address) throw new Error(`${name} points at the compose service ${service}: give it an address`);
        return scheme + address;
      }),
    ]),
  );
}
