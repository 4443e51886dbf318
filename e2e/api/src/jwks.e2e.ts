import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import {
  ApiInstance,
  ApiResponse,
  decodeJwt,
  enrolTotp,
  expectProblem,
  expectStatus,
  Forgery,
  forgeToken,
  loginAs,
  loginToSecondStep,
  LooseBody,
  signedInUser,
  startApi,
  useServers,
  verifyMfa,
} from './support';
import { API_DIR, REPO_ROOT } from './support/paths';

interface Jwks {
  keys: Record<string, string>[];
}

const KEYS_CLI = join(API_DIR, 'dist/cli/keys.js');
const EXAMPLE = join(REPO_ROOT, 'examples/verify-token.mjs');

/** Runs a Node script with the given environment; resolves with its exit code and output. */
function runNode(script: string, args: string[], env: Record<string, string>) {
  return new Promise<{ exitCode: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ exitCode: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

/** What a product does: verify with jose against the served key set, pinned to ES256. */
function verifyLikeAProduct(app: ApiInstance, token: string) {
  // A new set each time, so no test leans on keys another test made jose fetch.
  const keys = createRemoteJWKSet(new URL('/.well-known/jwks.json', app.baseUrl));
  return jwtVerify(token, keys, { issuer: app.publicUrl, audience: 'latchkey-api', algorithms: ['ES256'] });
}

/** GET a path at the origin's root (the test client puts others under /api/v1). */
async function getAtRoot<T = LooseBody>(app: ApiInstance, path: string): Promise<ApiResponse<T>> {
  const response = await fetch(`${app.baseUrl}${path}`);
  const raw = Buffer.from(await response.arrayBuffer());
  const text = raw.toString('utf8');
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  const body = (isJson ? JSON.parse(text) : undefined) as T;
  return { status: response.status, headers: response.headers, text, raw, body, cookies: [] };
}

describe('tokens other services verify (/.well-known)', () => {
  const servers = useServers();
  const app = () => servers.app;

  it('publishes the discovery document at the origin root: issuer and jwks_uri, cacheable', async () => {
    const response = await getAtRoot(app(), '/.well-known/openid-configuration');

    expectStatus(response, 200);
    expect(response.body).toEqual({
      issuer: app().publicUrl,
      jwks_uri: `${app().publicUrl}/.well-known/jwks.json`,
    });
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    expectStatus(await getAtRoot(app(), '/api/v1/.well-known/openid-configuration'), 404);
  });

  it('publishes the public key that signs, named by the kid of the tokens, and nothing private', async () => {
    const user = await signedInUser(app(), servers.sink);
    const response = await getAtRoot<Jwks>(app(), '/.well-known/jwks.json');

    expectStatus(response, 200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=300');
    const { header } = decodeJwt(user.accessToken);
    expect(header).toEqual({ alg: 'ES256', typ: 'JWT', kid: expect.any(String) });
    expect(response.body.keys).toEqual([
      {
        kty: 'EC',
        crv: 'P-256',
        x: expect.any(String),
        y: expect.any(String),
        kid: header.kid,
        use: 'sig',
        alg: 'ES256',
      },
    ]);
  });

  it('lets a product verify an access token with jose against the JWKS', async () => {
    const user = await signedInUser(app(), servers.sink);

    const { payload, protectedHeader } = await verifyLikeAProduct(app(), user.accessToken);

    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: user.user.id, typ: 'access', amr: ['pwd'], iss: app().publicUrl });
  });

  describe('forgeries that neither the API nor a product verifying with jose accept', () => {
    let user: Awaited<ReturnType<typeof signedInUser>>;
    beforeAll(async () => {
      user = await signedInUser(app(), servers.sink);
    });
    const forgeries: [string, Forgery][] = [
      ['signed by a foreign key under the real kid', 'foreign-key'],
      ['alg confusion: HS256 with the public key as the secret', 'hs256-public-key'],
      ['alg "none"', 'alg-none'],
      ['the old form: HS256 with JWT_SECRET', 'hs256-jwt-secret'],
    ];

    it.each(forgeries)('refuses a token %s', async (_label, kind) => {
      const forged = forgeToken(
        user.accessToken,
        { signingKey: app().signingKey, jwtSecret: app().jwtSecret },
        kind,
      );

      expectProblem(await app().client.get('/users/me', { token: forged }), 401, 'UNAUTHENTICATED');
      await expect(verifyLikeAProduct(app(), forged)).rejects.toThrow();
    });
  });

  describe('the example in examples/verify-token.mjs', () => {
    const runExample = (token: string, ...options: string[]) =>
      runNode(EXAMPLE, [token, ...options], {
        LATCHKEY_ISSUER: app().publicUrl,
        LATCHKEY_JWKS_URL: `${app().baseUrl}/.well-known/jwks.json`,
      });

    it('accepts a real token, refuses a forged one, and asks for a second factor when told to', async () => {
      const user = await signedInUser(app(), servers.sink);

      const accepted = await runExample(user.accessToken);
      expect(accepted.exitCode).toBe(0);
      expect(JSON.parse(accepted.stdout)).toMatchObject({ sub: user.user.id, amr: ['pwd'] });

      const forged = forgeToken(
        user.accessToken,
        { signingKey: app().signingKey, jwtSecret: '' },
        'foreign-key',
      );
      expect(await runExample(forged)).toMatchObject({
        exitCode: 1,
        stderr: expect.stringMatching(/^refused/),
      });
      expect(await runExample(user.accessToken, '--require-mfa')).toMatchObject({
        exitCode: 1,
        stderr: 'refused: a second factor is required\n',
      });

      const { authenticator } = await enrolTotp(app(), user.accessToken);
      const { mfaToken } = await loginToSecondStep(app(), user);
      const twoStep = await verifyMfa(app(), { mfaToken, code: await authenticator.nextCode() });
      expectStatus(twoStep, 200);
      const withMfa = await runExample(twoStep.body.accessToken, '--require-mfa');
      expect(withMfa.exitCode).toBe(0);
      expect(JSON.parse(withMfa.stdout).amr).toEqual(['pwd', 'otp', 'mfa']);
    });
  });

  it('rotates: a new key signs, tokens of both keys are accepted, both keys are published', async () => {
    const user = await signedInUser(app(), servers.sink);
    const oldKid = decodeJwt(user.accessToken).header.kid;

    const rotate = await runNode(KEYS_CLI, ['rotate'], app().env);
    expect(rotate).toMatchObject({ exitCode: 0, stderr: '' });
    await app().restart();

    const fresh = await loginAs(app(), user);
    const newKid = decodeJwt(fresh.accessToken).header.kid;
    expect(newKid).not.toBe(oldKid);
    expect(rotate.stdout).toContain(String(newKid));
    const published = await getAtRoot<Jwks>(app(), '/.well-known/jwks.json');
    expect(published.body.keys.map((key) => key.kid)).toEqual([newKid, oldKid]);
    for (const token of [user.accessToken, fresh.accessToken]) {
      expectStatus(await app().client.get('/users/me', { token }), 200);
      expect((await verifyLikeAProduct(app(), token)).payload.sub).toBe(user.user.id);
    }
  });
});

describe('the SPA fallback and /.well-known', () => {
  let webDistDir: string;
  let app: ApiInstance;
  beforeAll(async () => {
    webDistDir = mkdtempSync(join(tmpdir(), 'latchkey-spa-'));
    writeFileSync(join(webDistDir, 'index.html'), '<!doctype html><title>SPA</title>');
    app = await startApi({ webDistDir });
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(webDistDir, { recursive: true, force: true });
  });

  it('leaves /.well-known/* to the API while other paths get the SPA', async () => {
    const spaRoute = await getAtRoot(app, '/settings/sessions');
    expect(spaRoute.headers.get('content-type')).toMatch(/^text\/html/);

    for (const path of ['/.well-known/openid-configuration', '/.well-known/jwks.json']) {
      const response = await getAtRoot(app, path);
      expectStatus(response, 200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    }
    const unknown = await getAtRoot(app, '/.well-known/security.txt');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
