import { randomUUID } from 'node:crypto';
import {
  authenticationOptions,
  authenticatorFor,
  decodeJwt,
  expectProblem,
  expectStatus,
  listPasskeys,
  refreshCookieOf,
  registerPasskey,
  registrationOptions,
  signedInUser,
  SoftwareAuthenticator,
  trySignInWithPasskey,
  UserProfile,
  useServers,
  useTwoServers,
} from './support';
import type { ApiInstance, SmtpSink } from './support';

/** A confirmed account with one passkey on a fresh software authenticator. */
async function accountWithPasskey(
  app: ApiInstance,
  sink: SmtpSink,
  options: { counting?: boolean; synced?: boolean } = {},
) {
  const user = await signedInUser(app, sink);
  const authenticator = authenticatorFor(app, options.counting ?? true);
  const passkey = await registerPasskey(app, user.accessToken, authenticator, { synced: options.synced });
  return { user, authenticator, passkey };
}

describe('POST /auth/passkeys/authentication (sign-in with a passkey)', () => {
  const servers = useServers();
  const app = () => servers.app;
  const me = (token: string) => app().client.get<UserProfile>('/users/me', { token });

  it('offers discoverable options: a 5-minute challenge, no allowCredentials, user verification required', async () => {
    const { challengeId, options } = await authenticationOptions(app());

    expect(challengeId).toMatch(/^[0-9a-f-]{36}$/);
    expect(options).toMatchObject({ rpId: new URL(app().publicUrl).hostname, userVerification: 'required' });
    expect(options.allowCredentials ?? []).toEqual([]);
  });

  it('signs in like a password login: profile, access token with amr ["swk","mfa"], refresh token', async () => {
    const { user, authenticator } = await accountWithPasskey(app(), servers.sink);

    const response = await trySignInWithPasskey(app(), authenticator);

    expectStatus(response, 200);
    expect(response.body).toEqual({
      user: expect.objectContaining({ id: user.user.id, email: user.email, passkeyCount: 1 }),
      accessToken: expect.any(String),
      expiresIn: 900,
      refreshToken: expect.any(String),
      deviceToken: expect.any(String),
    });
    expect(decodeJwt(response.body.accessToken).payload).toMatchObject({
      sub: user.user.id,
      amr: ['swk', 'mfa'],
    });
    expectStatus(await me(response.body.accessToken), 200);
    const [listed] = (await listPasskeys(app(), user.accessToken)).body;
    expect(Math.abs(Date.parse(listed.lastUsedAt ?? '') - Date.now())).toBeLessThan(60_000);
  });

  it('names a passkey bound to its device "hwk", and delivers the refresh token as a cookie when asked', async () => {
    const { authenticator } = await accountWithPasskey(app(), servers.sink, { synced: false });

    const response = await trySignInWithPasskey(
      app(),
      authenticator,
      {},
      { tokenDelivery: 'cookie', rememberMe: true },
    );

    expectStatus(response, 200);
    expect(response.body.refreshToken).toBeUndefined();
    expect(refreshCookieOf(response)).toMatchObject({ value: expect.any(String) });
    expect(decodeJwt(response.body.accessToken).payload).toMatchObject({ amr: ['hwk', 'mfa'] });
  });

  it('signs in again and again with an authenticator that keeps its counter at 0', async () => {
    const { authenticator } = await accountWithPasskey(app(), servers.sink, { counting: false });

    for (let attempt = 0; attempt < 2; attempt++) {
      expectStatus(await trySignInWithPasskey(app(), authenticator), 200);
    }
  });

  describe('refusals: all 401 INVALID_CREDENTIALS', () => {
    it.each([
      ['without user verification', { userVerified: false }],
      ['from another origin', { origin: 'https://evil.example' }],
      ['of the wrong ceremony type', { type: 'webauthn.create' }],
    ])('refuses an answer %s', async (_label, tweaks) => {
      const { authenticator } = await accountWithPasskey(app(), servers.sink);

      expectProblem(await trySignInWithPasskey(app(), authenticator, tweaks), 401, 'INVALID_CREDENTIALS');
    });

    it('refuses a credential the server does not know', async () => {
      const user = await signedInUser(app(), servers.sink);
      const authenticator = authenticatorFor(app());
      // Made for the account, never sent to the server.
      authenticator.register((await registrationOptions(app(), user.accessToken)).options);

      expectProblem(await trySignInWithPasskey(app(), authenticator), 401, 'INVALID_CREDENTIALS');
    });

    it('spends the challenge of an answer naming an unknown credential: the real passkey cannot reuse it', async () => {
      const { user, authenticator } = await accountWithPasskey(app(), servers.sink);
      const stranger = authenticatorFor(app());
      stranger.register((await registrationOptions(app(), user.accessToken)).options);
      const { challengeId, options } = await authenticationOptions(app());
      const answer = (from: typeof stranger) =>
        app().client.post('/auth/passkeys/authentication', { challengeId, response: from.assert(options) });

      expectProblem(await answer(stranger), 401, 'INVALID_CREDENTIALS');
      expectProblem(await answer(authenticator), 401, 'INVALID_CREDENTIALS');
    });

    it('refuses a removed passkey', async () => {
      const { user, authenticator, passkey } = await accountWithPasskey(app(), servers.sink);
      expectStatus(
        await app().client.delete(`/users/me/passkeys/${passkey.id}`, undefined, { token: user.accessToken }),
        204,
      );

      expectProblem(await trySignInWithPasskey(app(), authenticator), 401, 'INVALID_CREDENTIALS');
    });

    it('spends a challenge once: of a replayed answer and racing ones, exactly one signs in', async () => {
      const { authenticator } = await accountWithPasskey(app(), servers.sink);
      const { challengeId, options } = await authenticationOptions(app());
      const body = { challengeId, response: authenticator.assert(options) };
      const post = () => app().client.post('/auth/passkeys/authentication', body);

      const racing = await Promise.all([post(), post(), post()]);
      const replay = await post();

      expect(racing.map((response) => response.status).sort()).toEqual([200, 401, 401]);
      expectProblem(replay, 401, 'INVALID_CREDENTIALS');
    });

    it('refuses an unknown challenge and a registration challenge', async () => {
      const { user, authenticator } = await accountWithPasskey(app(), servers.sink);
      const { options } = await authenticationOptions(app());
      const registration = await registrationOptions(app(), user.accessToken);

      for (const challengeId of [randomUUID(), registration.challengeId]) {
        const response = await app().client.post('/auth/passkeys/authentication', {
          challengeId,
          response: authenticator.assert(options),
        });
        expectProblem(response, 401, 'INVALID_CREDENTIALS');
      }
    });

    it('refuses a signature that does not match, and a user handle of another account', async () => {
      const { authenticator } = await accountWithPasskey(app(), servers.sink);
      const other = await accountWithPasskey(app(), servers.sink);

      const forged = await answer(authenticator, (assertion) => {
        const signature = Buffer.from(assertion.response.signature, 'base64url');
        signature[signature.length - 1] ^= 0x01;
        assertion.response.signature = signature.toString('base64url');
      });
      const borrowed = await answer(authenticator, (assertion) => {
        assertion.response.userHandle = other.authenticator.credentials[0].userHandle;
      });

      expectProblem(forged, 401, 'INVALID_CREDENTIALS');
      expectProblem(borrowed, 401, 'INVALID_CREDENTIALS');
    });

    it('refuses a counter that went back, and mails the owner', async () => {
      const { user, authenticator } = await accountWithPasskey(app(), servers.sink);
      expectStatus(await trySignInWithPasskey(app(), authenticator, { counter: 7 }), 200);

      const cloned = await trySignInWithPasskey(app(), authenticator, { counter: 5 });
      const same = await trySignInWithPasskey(app(), authenticator, { counter: 7 });

      expectProblem(cloned, 401, 'INVALID_CREDENTIALS');
      expectProblem(same, 401, 'INVALID_CREDENTIALS');
      const mail = await servers.sink.waitForMail({
        to: user.email,
        subject: /sign-in with one of your .* passkeys was refused/i,
      });
      expect(mail.text).toMatch(/lower use count/);
      expectStatus(await trySignInWithPasskey(app(), authenticator, { counter: 8 }), 200);
    });

    it.each<[string, (body: { challengeId: string; response: Record<string, unknown> }) => unknown]>([
      ['no response', ({ challengeId }) => ({ challengeId })],
      ['a response that is a string', ({ challengeId }) => ({ challengeId, response: 'x' })],
      ['a signature of 100 kB', (body) => withAssertion(body, { signature: 'A'.repeat(100_000) })],
      ['authenticator data that is too short', (body) => withAssertion(body, { authenticatorData: 'AAAA' })],
      ['client data that is no JSON', (body) => withAssertion(body, { clientDataJSON: 'bm90IGpzb24' })],
      ['a user handle of 1 kB', (body) => withAssertion(body, { userHandle: 'A'.repeat(1000) })],
      ['an unknown field', (body) => ({ ...body, role: 'admin' })],
      ['rememberMe as text', (body) => ({ ...body, rememberMe: 'yes' })],
    ])('answers %s with 400 or 401, never 500', async (_label, mangle) => {
      const { authenticator } = await accountWithPasskey(app(), servers.sink);
      const { challengeId, options } = await authenticationOptions(app());
      const body = {
        challengeId,
        response: authenticator.assert(options) as unknown as Record<string, unknown>,
      };

      const response = await app().client.post('/auth/passkeys/authentication', mangle(body));

      expect([400, 401]).toContain(response.status);
      expect(response.body.code).toMatch(/^(VALIDATION_FAILED|INVALID_CREDENTIALS)$/);
    });

    async function answer(
      authenticator: SoftwareAuthenticator,
      tamper: (assertion: ReturnType<SoftwareAuthenticator['assert']>) => void,
    ) {
      const { challengeId, options } = await authenticationOptions(app());
      const assertion = authenticator.assert(options);
      tamper(assertion);
      return app().client.post('/auth/passkeys/authentication', { challengeId, response: assertion });
    }
  });
});

function withAssertion(
  body: { challengeId: string; response: Record<string, unknown> },
  fields: Record<string, unknown>,
) {
  const inner = body.response.response as Record<string, unknown>;
  return { ...body, response: { ...body.response, response: { ...inner, ...fields } } };
}

if (!process.env.DATABASE_URL) {
  console.info(
    'Passkey ceremonies across two instances: not run on PGlite, which one process holds alone; ' +
      'they run with DATABASE_URL set, as in the PostgreSQL run of CI',
  );
} else {
  describe('passkey ceremonies across two API instances on one PostgreSQL database', () => {
    const servers = useTwoServers({ sameDatabase: true });

    it('finishes on one instance a sign-in whose options came from the other, once', async () => {
      const { app: first, second, sink } = servers;
      const { user, authenticator } = await accountWithPasskey(first, sink);
      const { challengeId, options } = await authenticationOptions(first);
      const body = { challengeId, response: authenticator.assert(options) };

      const atSecond = await second.client.post<{ user: UserProfile }>('/auth/passkeys/authentication', body);
      const replayAtFirst = await first.client.post('/auth/passkeys/authentication', body);

      expectStatus(atSecond, 200);
      expect(atSecond.body.user.id).toBe(user.user.id);
      expectProblem(replayAtFirst, 401, 'INVALID_CREDENTIALS');
    });

    it('adds a passkey on one instance with options from the other', async () => {
      const { app: first, second, sink } = servers;
      const user = await signedInUser(first, sink);
      const authenticator = authenticatorFor(first);
      const { challengeId, options } = await registrationOptions(first, user.accessToken);

      const response = await second.client.post(
        '/auth/passkeys/registration',
        { challengeId, response: authenticator.register(options) },
        { token: user.accessToken },
      );

      expectStatus(response, 201);
    });
  });
}
