import { randomUUID } from 'node:crypto';
import {
  authenticatorFor,
  expectProblem,
  expectStatus,
  listPasskeys,
  registerPasskey,
  registrationOptions,
  signedInUser,
  SignedInUser,
  tryRegisterPasskey,
  UserProfile,
  useServers,
} from './support';

const CHROME_ON_MACOS =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

describe('passkeys: registration and management', () => {
  const servers = useServers();
  const app = () => servers.app;
  const me = (token: string) => app().client.get<UserProfile>('/users/me', { token });
  const rename = (token: string, id: string, name: unknown) =>
    app().client.patch(`/users/me/passkeys/${encodeURIComponent(id)}`, { name }, { token });
  const remove = (token: string, id: string) =>
    app().client.delete(`/users/me/passkeys/${encodeURIComponent(id)}`, undefined, { token });
  const noticeTo = (user: SignedInUser, subject: RegExp) =>
    servers.sink.waitForMail({ to: user.email, subject });

  describe('adding a passkey', () => {
    it('offers options for a discoverable, user-verified ES256/EdDSA/RS256 credential on PUBLIC_URL’s host', async () => {
      const user = await signedInUser(app(), servers.sink);

      const { challengeId, options } = await registrationOptions(app(), user.accessToken);

      expect(challengeId).toMatch(/^[0-9a-f-]{36}$/);
      expect(options).toMatchObject({
        rp: { id: new URL(app().publicUrl).hostname, name: 'Latchkey' },
        user: { id: Buffer.from(user.user.id).toString('base64url'), name: user.email },
        attestation: 'none',
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        excludeCredentials: [],
      });
      expect(options.pubKeyCredParams.map(({ alg }) => alg).sort((a, b) => a - b)).toEqual([-257, -8, -7]);
      expect(Buffer.from(options.challenge, 'base64url')).toHaveLength(32);
    });

    it('stores the passkey (201), lists it, counts it in the profile and mails a notice', async () => {
      const user = await signedInUser(app(), servers.sink);
      const authenticator = authenticatorFor(app());
      const { challengeId, options } = await registrationOptions(app(), user.accessToken);

      const response = await app().client.post<{ passkey: Record<string, unknown> }>(
        '/auth/passkeys/registration',
        { challengeId, response: authenticator.register(options) },
        { token: user.accessToken, headers: { 'user-agent': CHROME_ON_MACOS } },
      );

      expectStatus(response, 201);
      const passkey = response.body.passkey;
      expect(passkey).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Chrome on macOS',
        createdAt: expect.any(String),
        lastUsedAt: null,
        backedUp: true,
        deviceType: 'multiDevice',
      });
      expect((await listPasskeys(app(), user.accessToken)).body).toEqual([passkey]);
      expect((await me(user.accessToken)).body.passkeyCount).toBe(1);
      const notice = await noticeTo(user, /passkey was added/i);
      expect(notice.text).toContain('Chrome on macOS');
      expect(notice.text).toContain(`${app().publicUrl}/profile`);
    });

    it('excludes the passkeys the account has from the next options', async () => {
      const user = await signedInUser(app(), servers.sink);
      const authenticator = authenticatorFor(app());
      await registerPasskey(app(), user.accessToken, authenticator, { name: 'first' });

      const { options } = await registrationOptions(app(), user.accessToken);

      expect(options.excludeCredentials).toEqual([
        expect.objectContaining({ id: authenticator.credentials[0].id, type: 'public-key' }),
      ]);
    });

    it('names a passkey as asked, trimmed, and records a device-bound one as such', async () => {
      const user = await signedInUser(app(), servers.sink);

      const passkey = await registerPasskey(app(), user.accessToken, authenticatorFor(app()), {
        name: '  YubiKey 5 ',
        synced: false,
      });

      expect(passkey).toMatchObject({ name: 'YubiKey 5', backedUp: false, deviceType: 'singleDevice' });
    });

    it.each([
      ['without user verification', { userVerified: false }],
      ['from another origin', { origin: 'https://evil.example' }],
      ['of the wrong ceremony type', { type: 'webauthn.get' }],
    ])(
      'refuses an answer %s with 400 PASSKEY_REGISTRATION_FAILED and stores nothing',
      async (_label, tweaks) => {
        const user = await signedInUser(app(), servers.sink);

        const response = await tryRegisterPasskey(app(), user.accessToken, authenticatorFor(app()), tweaks);

        expectProblem(response, 400, 'PASSKEY_REGISTRATION_FAILED');
        expect((await listPasskeys(app(), user.accessToken)).body).toEqual([]);
        expect((await me(user.accessToken)).body.passkeyCount).toBe(0);
      },
    );

    it('spends a challenge once: a replayed answer, and racing ones, store one passkey', async () => {
      const user = await signedInUser(app(), servers.sink);
      const authenticator = authenticatorFor(app());
      const { challengeId, options } = await registrationOptions(app(), user.accessToken);
      const answer = { challengeId, response: authenticator.register(options) };
      const post = (body: unknown) =>
        app().client.post('/auth/passkeys/registration', body, { token: user.accessToken });

      const racing = await Promise.all([post(answer), post(answer), post(answer)]);
      const replay = await post(answer);

      expect(racing.map((response) => response.status).sort()).toEqual([201, 400, 400]);
      expectProblem(replay, 400, 'PASSKEY_REGISTRATION_FAILED');
      expect((await me(user.accessToken)).body.passkeyCount).toBe(1);
    });

    it('refuses another account’s challenge and an unknown one with 400', async () => {
      const owner = await signedInUser(app(), servers.sink);
      const stranger = await signedInUser(app(), servers.sink);
      const { challengeId, options } = await registrationOptions(app(), owner.accessToken);
      const response = authenticatorFor(app()).register(options);

      for (const body of [
        { challengeId, response },
        { challengeId: randomUUID(), response },
      ]) {
        const answer = await app().client.post('/auth/passkeys/registration', body, {
          token: stranger.accessToken,
        });
        expectProblem(answer, 400, 'PASSKEY_REGISTRATION_FAILED');
      }
    });

    it('refuses a credential that is registered already with 409 PASSKEY_ALREADY_REGISTERED, for any account', async () => {
      const user = await signedInUser(app(), servers.sink);
      const other = await signedInUser(app(), servers.sink);
      const authenticator = authenticatorFor(app());
      await registerPasskey(app(), user.accessToken, authenticator);
      const credential = authenticator.credentials[0];

      for (const account of [user, other]) {
        const { challengeId, options } = await registrationOptions(app(), account.accessToken);
        const response = await app().client.post(
          '/auth/passkeys/registration',
          { challengeId, response: authenticator.register(options, {}, credential) },
          { token: account.accessToken },
        );
        expectProblem(response, 409, 'PASSKEY_ALREADY_REGISTERED');
      }
      expect((await me(other.accessToken)).body.passkeyCount).toBe(0);
    });

    it('stops at 20 passkeys: the options and a pending answer get 409 TOO_MANY_PASSKEYS', async () => {
      const user = await signedInUser(app(), servers.sink);
      const authenticator = authenticatorFor(app());
      for (let index = 0; index < 19; index++) await registerPasskey(app(), user.accessToken, authenticator);
      const pending = await registrationOptions(app(), user.accessToken);
      await registerPasskey(app(), user.accessToken, authenticator);

      const options = await app().client.post('/auth/passkeys/registration/options', undefined, {
        token: user.accessToken,
      });
      const late = await app().client.post(
        '/auth/passkeys/registration',
        { challengeId: pending.challengeId, response: authenticator.register(pending.options) },
        { token: user.accessToken },
      );

      expectProblem(options, 409, 'TOO_MANY_PASSKEYS');
      expectProblem(late, 409, 'TOO_MANY_PASSKEYS');
      expect((await me(user.accessToken)).body.passkeyCount).toBe(20);
    });

    it('needs a session', async () => {
      const options = await app().client.post('/auth/passkeys/registration/options');
      expectProblem(options, 401, 'UNAUTHENTICATED');
    });
  });

  describe('listing, renaming and removing', () => {
    it('renames a passkey (trimmed) and refuses empty, long or control-character names with 400', async () => {
      const user = await signedInUser(app(), servers.sink);
      const passkey = await registerPasskey(app(), user.accessToken, authenticatorFor(app()));

      const renamed = await rename(user.accessToken, passkey.id, '  Phone  ');

      expectStatus(renamed, 200);
      expect(renamed.body).toEqual({ ...passkey, name: 'Phone' });
      for (const name of ['', '   ', 'x'.repeat(65), 'a\u0000b', 'evil\u202Egnp.exe', 42, null]) {
        expectProblem(await rename(user.accessToken, passkey.id, name), 400, 'VALIDATION_FAILED');
      }
      expect((await listPasskeys(app(), user.accessToken)).body[0].name).toBe('Phone');
    });

    it('removes a passkey (204): it leaves the list and the count, and the owner gets a notice', async () => {
      const user = await signedInUser(app(), servers.sink);
      const passkey = await registerPasskey(app(), user.accessToken, authenticatorFor(app()), {
        name: 'Old phone',
      });

      expectStatus(await remove(user.accessToken, passkey.id), 204);

      expect((await listPasskeys(app(), user.accessToken)).body).toEqual([]);
      expect((await me(user.accessToken)).body.passkeyCount).toBe(0);
      const notice = await noticeTo(user, /passkey was removed/i);
      expect(notice.text).toContain('Old phone');
      expectProblem(await remove(user.accessToken, passkey.id), 404, 'NOT_FOUND');
    });

    it('answers 404 for another account’s passkey, an unknown id and a malformed one, changing nothing', async () => {
      const owner = await signedInUser(app(), servers.sink);
      const stranger = await signedInUser(app(), servers.sink);
      const passkey = await registerPasskey(app(), owner.accessToken, authenticatorFor(app()), {
        name: 'Mine',
      });

      for (const id of [passkey.id, randomUUID(), 'not-a-uuid', '1 OR 1=1']) {
        expectProblem(await rename(stranger.accessToken, id, 'Stolen'), 404, 'NOT_FOUND');
        expectProblem(await remove(stranger.accessToken, id), 404, 'NOT_FOUND');
      }
      expect((await listPasskeys(app(), stranger.accessToken)).body).toEqual([]);
      expect((await listPasskeys(app(), owner.accessToken)).body).toEqual([passkey]);
    });

    it('asks a session that signed in over 5 minutes ago to re-authenticate before adding or removing', async () => {
      const user = await signedInUser(app(), servers.sink);
      const passkey = await registerPasskey(app(), user.accessToken, authenticatorFor(app()));
      await app().editDatabase((sql) =>
        sql(
          `UPDATE sessions SET authenticated_at = now() - interval '6 minutes'
           WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
          [user.email.toLowerCase()],
        ),
      );

      const options = await app().client.post('/auth/passkeys/registration/options', undefined, {
        token: user.accessToken,
      });
      const removal = await remove(user.accessToken, passkey.id);

      for (const response of [options, removal]) {
        expectProblem(response, 403, 'REAUTHENTICATION_REQUIRED');
        expect(response.body.methods).toEqual(['password', 'passkey']);
      }
      // Listing and renaming are not sensitive.
      expectStatus(await listPasskeys(app(), user.accessToken), 200);
      expectStatus(await rename(user.accessToken, passkey.id, 'Renamed'), 200);
    });
  });

  describe('hostile payloads', () => {
    it.each<[string, (valid: Record<string, unknown>) => unknown]>([
      ['a missing response', ({ challengeId }) => ({ challengeId })],
      ['a response that is an array', ({ challengeId }) => ({ challengeId, response: [] })],
      ['a non-uuid challengeId', (valid) => ({ ...valid, challengeId: 'x'.repeat(5000) })],
      ['a huge number as challengeId', (valid) => ({ ...valid, challengeId: 1e308 })],
      ['a credential id of 100 kB', (valid) => withCredential(valid, { id: 'A'.repeat(100_000) })],
      ['an id that is no base64url', (valid) => withCredential(valid, { id: 'a+b/c=', rawId: 'a+b/c=' })],
      ['an unknown field', (valid) => ({ ...valid, admin: true })],
      ['attestation bytes that are no CBOR', (valid) => withAnswer(valid, { attestationObject: 'AAAA' })],
      ['client data that is no JSON', (valid) => withAnswer(valid, { clientDataJSON: 'bm90IGpzb24' })],
      ['transports that are unknown', (valid) => withAnswer(valid, { transports: ['carrier-pigeon'] })],
      [
        'a publicKeyAlgorithm that is no number',
        (valid) => withAnswer(valid, { publicKeyAlgorithm: 'ES256' }),
      ],
    ])('answers %s with 400, never 500', async (_label, mangle) => {
      const user = await signedInUser(app(), servers.sink);
      const { challengeId, options } = await registrationOptions(app(), user.accessToken);
      const valid = { challengeId, response: authenticatorFor(app()).register(options) };

      const response = await app().client.post('/auth/passkeys/registration', mangle(valid), {
        token: user.accessToken,
      });

      expect(response.status).toBe(400);
      expect(response.body.code).toMatch(/^(VALIDATION_FAILED|PASSKEY_REGISTRATION_FAILED|MALFORMED_JSON)$/);
      expect((await me(user.accessToken)).body.passkeyCount).toBe(0);
    });

    it('refuses a lone surrogate in the name with 400 naming the field', async () => {
      const user = await signedInUser(app(), servers.sink);
      const { challengeId, options } = await registrationOptions(app(), user.accessToken);
      const body = JSON.stringify({ challengeId, response: authenticatorFor(app()).register(options) });

      const response = await app().client.post('/auth/passkeys/registration', undefined, {
        token: user.accessToken,
        rawBody: `${body.slice(0, -1)},"name":"\\ud800"}`,
      });

      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'name' })]);
    });
  });
});

function withCredential(valid: Record<string, unknown>, fields: Record<string, unknown>) {
  return { ...valid, response: { ...(valid.response as object), ...fields } };
}

function withAnswer(valid: Record<string, unknown>, fields: Record<string, unknown>) {
  const credential = valid.response as { response: object };
  return withCredential(valid, { response: { ...credential.response, ...fields } });
}
