import {
  ApiInstance,
  askForMagicLink,
  decodeJwt,
  expectMagicLinkDead,
  expectProblem,
  expectStatus,
  expireMagicLinks,
  headerNames,
  LoginBody,
  magicLinkMail,
  newPkce,
  refreshCookieOf,
  requestMagicLink,
  signedInAdmin,
  signedInUser,
  signUp,
  stableHeaders,
  uniqueEmail,
  updateUser,
  useServers,
  verifyMagicLink,
} from './support';

/**
 * The clock is moved through the database, the only way a black-box test can (see confirm.e2e.ts): this
 * statement knows the table mail_caps (the 1-per-minute mail slot).
 */
const FORGET_MAIL_CAP = `
  UPDATE mail_caps SET last_sent_at = now() - interval '2 minutes'
  WHERE address = $1 AND purpose = 'magic-link' RETURNING address`;

const MAX_WRONG_TRIES = 5;
const ADMIN_EMAIL = uniqueEmail('admin');

/** Six digits that are not `code`. */
const wrongCode = (code: string, offset = 1) =>
  ((Number(code) + offset) % 1_000_000).toString().padStart(6, '0');

describe('magic links', () => {
  const servers = useServers({ env: { ADMIN_EMAILS: ADMIN_EMAIL } });
  const app = () => servers.app;
  const sink = () => servers.sink;

  async function forgetMailCap(instance: ApiInstance, email: string): Promise<void> {
    expect(await instance.editDatabase((sql) => sql(FORGET_MAIL_CAP, [email]))).toHaveLength(1);
  }

  /** A signed-in user's access token still opens GET /users/me. */
  async function expectSignedIn(body: LoginBody, email: string): Promise<void> {
    const me = await app().client.get<{ email: string }>('/users/me', { token: body.accessToken });
    expectStatus(me, 200);
    expect(me.body.email).toBe(email);
  }

  describe('POST /auth/magic-link', () => {
    it('answers a known and an unknown address identically; only the known one gets a link and a code', async () => {
      const known = await signUp(app(), sink());
      const unknown = uniqueEmail('unknown');

      const forKnown = await requestMagicLink(app(), known.email);
      const forUnknown = await requestMagicLink(app(), unknown);

      expect(forKnown.body).toEqual({ status: 'accepted' });
      expect(forUnknown.raw.equals(forKnown.raw)).toBe(true);
      expect(headerNames(forUnknown)).toEqual(headerNames(forKnown));
      expect(stableHeaders(forUnknown)).toEqual(stableHeaders(forKnown));
      expect(forKnown.headers.get('cache-control')).toMatch(/no-store/);

      const { mail, token, code } = await magicLinkMail(app(), sink(), known.email);
      expect(mail.subject).toMatch(/sign-in link/i);
      expect(token).toMatch(/^[\w-]{43}$/);
      expect(code).toMatch(/^[0-9]{6}$/);
      expect(mail.html).toContain(code);
      expect(mail.html).toContain(`${app().publicUrl}/magic-link?token`);
      expect(mail.text).toMatch(/15 minutes/);
      await sink().waitForQuiet(500);
      expect(sink().matching({ to: unknown })).toEqual([]);
    });

    it('mails a disabled account nothing, and its earlier link no longer signs in', async () => {
      const admin = await signedInAdmin(app(), sink(), ADMIN_EMAIL);
      const user = await signedInUser(app(), sink());
      const earlier = await askForMagicLink(app(), sink(), user.email);
      expectStatus(await updateUser(app(), admin.accessToken, user.user.id, { disabled: true }), 200);

      await forgetMailCap(app(), user.email);
      await requestMagicLink(app(), user.email);
      await sink().waitForQuiet(500);
      expect(sink().matching({ to: user.email, subject: /sign-in link/i })).toEqual([earlier.mail]);

      const response = await verifyMagicLink(app(), {
        token: earlier.token,
        codeVerifier: earlier.pkce.codeVerifier,
      });
      expectProblem(response, 400, 'INVALID_TOKEN');
    });

    it('mails at most once a minute per address; the repeat answers 202 and the first link still works', async () => {
      const account = await signUp(app(), sink());
      const first = await askForMagicLink(app(), sink(), account.email);

      await requestMagicLink(app(), account.email.toUpperCase());
      await sink().waitForQuiet(1_000);

      expect(sink().matching({ to: account.email, subject: /sign-in link/i })).toEqual([first.mail]);
      const response = await verifyMagicLink(app(), {
        token: first.token,
        codeVerifier: first.pkce.codeVerifier,
      });
      expectStatus(response, 200);
    });

    it.each([
      ['no challenge', { email: 'ada@example.com' }],
      ['a plain verifier as challenge', { email: 'ada@example.com', codeChallenge: 'short' }],
      ['a padded challenge', { email: 'ada@example.com', codeChallenge: `${'A'.repeat(42)}=` }],
      ['a challenge of 44 characters', { email: 'ada@example.com', codeChallenge: 'A'.repeat(44) }],
      ['a number as challenge', { email: 'ada@example.com', codeChallenge: 1e308 }],
      ['a malformed address', { email: 'not-an-email', codeChallenge: newPkce().codeChallenge }],
      ['an unknown field', { ...newPkce(), email: 'ada@example.com' }],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, body) => {
      expectProblem(await app().client.post('/auth/magic-link', body), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /auth/magic-link/verify', () => {
    it('by link: 200 like login, amr "email", a session that works; the code from the same mail dies', async () => {
      const user = await signedInUser(app(), sink());
      const { token, code, pkce } = await askForMagicLink(app(), sink(), user.email);

      const response = await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier });

      expectStatus(response, 200);
      expect(response.headers.get('cache-control')).toMatch(/no-store/);
      expect(response.body).toMatchObject({
        user: { email: user.email, emailConfirmed: true, hasPassword: true },
        expiresIn: expect.any(Number),
        refreshToken: expect.any(String),
      });
      expect(decodeJwt(response.body.accessToken).payload).toMatchObject({ amr: ['email'] });
      await expectSignedIn(response.body, user.email);
      // The password and the session from before stay: the address was already confirmed.
      expectStatus(await app().client.get('/users/me', { token: user.accessToken }), 200);

      // Replayed, the link signs no one in, and the code from the same mail died with it.
      await expectMagicLinkDead(app(), user.email, { token, code, pkce });
    });

    it('by email and code (another device types it where the link was asked for): 200; the link dies', async () => {
      const user = await signedInUser(app(), sink());
      const { token, code, pkce } = await askForMagicLink(app(), sink(), user.email);

      const response = await verifyMagicLink(app(), {
        email: user.email.toUpperCase(),
        code,
        codeVerifier: pkce.codeVerifier,
        tokenDelivery: 'cookie',
        rememberMe: true,
      });

      expectStatus(response, 200);
      expect(response.body.refreshToken).toBeUndefined();
      const cookie = refreshCookieOf(response);
      expect(cookie?.attributes).toMatchObject({ httponly: true, path: '/api/v1/auth' });
      expect(Number(cookie?.attributes['max-age'])).toBe(30 * 86400);
      await expectSignedIn(response.body, user.email);
      const byLink = await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier });
      expectProblem(byLink, 400, 'INVALID_TOKEN');
    });

    it('confirms an unconfirmed address, and the password and sessions from before the proof end', async () => {
      const squatted = await signedInUser(app(), sink(), { confirmed: false });
      const { token, pkce } = await askForMagicLink(app(), sink(), squatted.email);

      const response = await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier });

      expectStatus(response, 200);
      expect(response.body.user).toMatchObject({ emailConfirmed: true, hasPassword: false });
      expectProblem(
        await app().client.get('/users/me', { token: squatted.accessToken }),
        401,
        'UNAUTHENTICATED',
      );
      const withOldPassword = await app().client.post('/auth/login', {
        email: squatted.email,
        password: squatted.password,
      });
      expectProblem(withOldPassword, 401, 'INVALID_CREDENTIALS');
      await expectSignedIn(response.body, squatted.email);
    });

    it(`kills a link after ${MAX_WRONG_TRIES} wrong verifiers; the code from the same mail still works`, async () => {
      const user = await signedInUser(app(), sink());
      const { token, code, pkce } = await askForMagicLink(app(), sink(), user.email);

      for (let i = 0; i < MAX_WRONG_TRIES; i++) {
        const wrong = await verifyMagicLink(app(), { token, codeVerifier: newPkce().codeVerifier });
        expectProblem(wrong, 400, 'INVALID_TOKEN');
      }

      expectProblem(
        await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier }),
        400,
        'INVALID_TOKEN',
      );
      const byCode = await verifyMagicLink(app(), {
        email: user.email,
        code,
        codeVerifier: pkce.codeVerifier,
      });
      expectStatus(byCode, 200);
    });

    it(`kills a code after ${MAX_WRONG_TRIES} wrong tries of codes and verifiers together; the link still works`, async () => {
      const user = await signedInUser(app(), sink());
      const { token, code, pkce } = await askForMagicLink(app(), sink(), user.email);
      const tryCode = (attempt: { code?: string; codeVerifier: string }) =>
        verifyMagicLink(app(), { email: user.email, code, ...attempt });

      for (let i = 1; i <= 3; i++) {
        const wrong = await tryCode({ code: wrongCode(code!, i), codeVerifier: pkce.codeVerifier });
        expectProblem(wrong, 400, 'INVALID_TOKEN');
      }
      for (let i = 0; i < 2; i++) {
        expectProblem(await tryCode({ codeVerifier: newPkce().codeVerifier }), 400, 'INVALID_TOKEN');
      }

      expectProblem(await tryCode({ codeVerifier: pkce.codeVerifier }), 400, 'INVALID_TOKEN');
      expectStatus(await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier }), 200);
    });

    it("refuses a stranger's verifier with someone else's link, and the owner's own still works", async () => {
      const owner = await signedInUser(app(), sink());
      const stranger = await signedInUser(app(), sink());
      const ownersMail = await askForMagicLink(app(), sink(), owner.email);
      const strangersMail = await askForMagicLink(app(), sink(), stranger.email);

      const withStrangersVerifier = await verifyMagicLink(app(), {
        token: ownersMail.token,
        codeVerifier: strangersMail.pkce.codeVerifier,
      });
      const ownersCodeAsStrangers = await verifyMagicLink(app(), {
        email: stranger.email,
        code: ownersMail.code,
        codeVerifier: ownersMail.pkce.codeVerifier,
      });
      expectProblem(withStrangersVerifier, 400, 'INVALID_TOKEN');
      if (ownersMail.code !== strangersMail.code) {
        expectProblem(ownersCodeAsStrangers, 400, 'INVALID_TOKEN');
      }

      const response = await verifyMagicLink(app(), {
        token: ownersMail.token,
        codeVerifier: ownersMail.pkce.codeVerifier,
      });
      expectStatus(response, 200);
      expect(response.body.user.email).toBe(owner.email);
    });

    it('lets exactly one of two parallel verifies of one link sign in', async () => {
      const user = await signedInUser(app(), sink());
      const { token, pkce } = await askForMagicLink(app(), sink(), user.email);

      const responses = await Promise.all(
        [0, 1].map(() => verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier })),
      );

      expect(responses.map((response) => response.status).sort()).toEqual([200, 400]);
      expectProblem(
        responses.find((response) => response.status === 400)!,
        400,
        'INVALID_TOKEN',
      );
    });

    it('a newer request replaces link and code of the earlier one', async () => {
      const user = await signedInUser(app(), sink());
      const first = await askForMagicLink(app(), sink(), user.email);
      await forgetMailCap(app(), user.email);
      const second = await askForMagicLink(app(), sink(), user.email);

      await expectMagicLinkDead(app(), user.email, first);
      const response = await verifyMagicLink(app(), {
        token: second.token,
        codeVerifier: second.pkce.codeVerifier,
      });
      expectStatus(response, 200);
    });

    it('refuses an expired link and code', async () => {
      const user = await signedInUser(app(), sink());
      const mail = await askForMagicLink(app(), sink(), user.email);
      expect(await expireMagicLinks(app(), user.email)).toHaveLength(2);

      await expectMagicLinkDead(app(), user.email, mail);
    });

    it('answers an unknown address, an unissued token and a password-reset token alike', async () => {
      const user = await signedInUser(app(), sink());
      const { codeVerifier } = newPkce();
      await app().client.post('/auth/password/forgot', { email: user.email });
      const resetMail = await sink().waitForMail({ to: user.email, subject: /reset/i });
      const resetToken = /reset-password\?token=([\w-]+)/.exec(resetMail.text)![1];

      for (const body of [
        { email: uniqueEmail('nobody'), code: '123456', codeVerifier },
        { token: newPkce().codeVerifier, codeVerifier },
        { token: resetToken, codeVerifier },
      ]) {
        expectProblem(await verifyMagicLink(app(), body), 400, 'INVALID_TOKEN');
      }
    });

    it.each([
      ['neither token nor code', { codeVerifier: newPkce().codeVerifier }, 'token'],
      [
        'both token and code',
        { token: 'x', email: 'ada@example.com', code: '123456', codeVerifier: newPkce().codeVerifier },
        'token',
      ],
      ['no verifier', { token: 'x' }, 'codeVerifier'],
      ['a verifier of 42 characters', { token: 'x', codeVerifier: 'a'.repeat(42) }, 'codeVerifier'],
      ['a verifier of 129 characters', { token: 'x', codeVerifier: 'a'.repeat(129) }, 'codeVerifier'],
      ['a verifier with a space', { token: 'x', codeVerifier: `${'a'.repeat(43)} ` }, 'codeVerifier'],
      ['a huge number as verifier', { token: 'x', codeVerifier: 1e308 }, 'codeVerifier'],
      [
        'a code of 7 digits',
        { email: 'ada@example.com', code: '1234567', codeVerifier: newPkce().codeVerifier },
        'code',
      ],
      ['an object as token', { token: { $ne: null }, codeVerifier: newPkce().codeVerifier }, 'token'],
      [
        'a string as rememberMe',
        { token: 'x', codeVerifier: newPkce().codeVerifier, rememberMe: 'yes' },
        'rememberMe',
      ],
    ])('refuses %s with 400 VALIDATION_FAILED naming the field', async (_label, body, field) => {
      const response = await verifyMagicLink(app(), body);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors?.map((error) => error.field)).toContain(field);
    });

    it('refuses deep JSON and a lone surrogate with 400, never 5xx', async () => {
      const deep = `{"token":${'['.repeat(3000)}${']'.repeat(3000)}}`;
      expectProblem(
        await app().client.post('/auth/magic-link/verify', undefined, { rawBody: deep }),
        400,
        'JSON_TOO_DEEP',
      );
      const surrogate = `{"email":"a\\ud800@example.com","code":"123456","codeVerifier":"${newPkce().codeVerifier}"}`;
      const response = await app().client.post('/auth/magic-link/verify', undefined, { rawBody: surrogate });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      const request = await app().client.post('/auth/magic-link', undefined, {
        rawBody: `{"email":"a\\udc00@example.com","codeChallenge":"${newPkce().codeChallenge}"}`,
      });
      expectProblem(request, 400, 'VALIDATION_FAILED');
    });
  });
});
