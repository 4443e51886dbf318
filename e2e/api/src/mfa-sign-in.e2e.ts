import {
  amrOf,
  askForMagicLink,
  authenticatorFor,
  AuthenticatorApp,
  awayFromStepEnd,
  enrolTotp,
  expectProblem,
  expectStatus,
  forgotPassword,
  loginToSecondStep,
  passphrase,
  postPasswordReset,
  registerPasskey,
  signedInUser,
  SignedInUser,
  totpCode,
  TOTP_STEP_MS,
  trySignInWithPasskey,
  useServers,
  verifyMagicLink,
  verifyMfa,
} from './support';

/** Wrong codes that end a second step; failures in a row that lock an account. */
const TRIES = 5;
const FAILURES_TO_LOCK = 10;

describe('two-step verification: signing in (POST /auth/mfa/verify)', () => {
  const servers = useServers();
  const app = () => servers.app;
  const client = () => app().client;

  /** A confirmed account with TOTP on, its app and recovery codes. */
  async function userWithTotp(): Promise<
    SignedInUser & { authenticator: AuthenticatorApp; recoveryCodes: string[] }
  > {
    const user = await signedInUser(app(), servers.sink);
    return { ...user, ...(await enrolTotp(app(), user.accessToken)) };
  }
  const wrongCodeFor = async (authenticator: AuthenticatorApp) => {
    const right = await authenticator.nextCode(false);
    return right === '000000' ? '111111' : '000000';
  };
  const login = (user: SignedInUser, extra: Record<string, unknown> = {}) =>
    client().post('/auth/login', { email: user.email, password: user.password, ...extra });

  describe('after a right password', () => {
    it('answers mfaRequired with a token and the methods, and no tokens or cookies', async () => {
      const user = await userWithTotp();

      const response = await login(user, { tokenDelivery: 'cookie', rememberMe: true });

      expectStatus(response, 200);
      expect(response.body).toEqual({
        mfaRequired: true,
        mfaToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        expiresIn: 300,
        methods: ['totp', 'recovery_code'],
      });
      expect(response.cookies).toEqual([]);
      expect(response.headers.get('cache-control')).toContain('no-store');
    });

    it('finishes with the app’s code like a login: tokens, device token, amr pwd+otp+mfa', async () => {
      const user = await userWithTotp();
      const { mfaToken } = await loginToSecondStep(app(), user);

      const response = await verifyMfa(app(), { mfaToken, code: await user.authenticator.nextCode() });

      expectStatus(response, 200);
      expect(response.body).toMatchObject({
        user: { id: user.user.id, mfaEnabled: true, recoveryCodesLeft: 10 },
        expiresIn: expect.any(Number),
        refreshToken: expect.any(String),
        deviceToken: expect.any(String),
      });
      expect(amrOf(response.body.accessToken)).toEqual(['pwd', 'otp', 'mfa']);
      expectStatus(await client().get('/users/me', { token: response.body.accessToken }), 200);
    });

    it('carries rememberMe and tokenDelivery "cookie" from the login to the finished sign-in', async () => {
      const user = await userWithTotp();
      const { mfaToken } = await loginToSecondStep(app(), user, {
        tokenDelivery: 'cookie',
        rememberMe: true,
      });

      const response = await verifyMfa(app(), { mfaToken, code: await user.authenticator.nextCode() });

      expectStatus(response, 200);
      expect(response.body.refreshToken).toBeUndefined();
      expect(response.body.deviceToken).toBeUndefined();
      const refreshCookie = response.cookies.find((cookie) => /refresh/i.test(cookie));
      expect(refreshCookie).toMatch(/HttpOnly/i);
      expect(refreshCookie).toMatch(/Max-Age=\d+/i);
    });

    it('the token works once: a second verify, even with another good code, is 401 INVALID_MFA_TOKEN', async () => {
      const user = await userWithTotp();
      const { mfaToken } = await loginToSecondStep(app(), user);
      expectStatus(await verifyMfa(app(), { mfaToken, code: await user.authenticator.nextCode() }), 200);

      const again = await verifyMfa(app(), { mfaToken, code: await user.authenticator.nextCode() });

      expectProblem(again, 401, 'INVALID_MFA_TOKEN');
    });

    it('a newer login replaces the pending token', async () => {
      const user = await userWithTotp();
      const first = await loginToSecondStep(app(), user);
      const second = await loginToSecondStep(app(), user);

      const code = await user.authenticator.nextCode(false);
      expectProblem(await verifyMfa(app(), { mfaToken: first.mfaToken, code }), 401, 'INVALID_MFA_TOKEN');
      expectStatus(
        await verifyMfa(app(), { mfaToken: second.mfaToken, code: await user.authenticator.nextCode() }),
        200,
      );
    });

    it('an unknown token is 401 INVALID_MFA_TOKEN', async () => {
      const response = await verifyMfa(app(), { mfaToken: 'x'.repeat(43), code: '123456' });

      expectProblem(response, 401, 'INVALID_MFA_TOKEN');
    });
  });

  describe('codes', () => {
    it('take the code of the step before and of the step after the server’s, not two away', async () => {
      const user = await userWithTotp();
      const { secret } = user.authenticator;
      // The confirmation spent a step: the step before must be a later one (on a loaded machine the
      // confirmation's step may be the current one, and waiting for the next step alone was not enough).
      await user.authenticator.untilStepBeforeIsFree();
      const now = await awayFromStepEnd();
      const tryCode = async (timestamp: number) =>
        verifyMfa(app(), {
          mfaToken: (await loginToSecondStep(app(), user)).mfaToken,
          code: totpCode(secret, timestamp),
        });

      expectProblem(await tryCode(now - 2 * TOTP_STEP_MS), 401, 'INVALID_MFA_CODE');
      expectProblem(await tryCode(now + 2 * TOTP_STEP_MS), 401, 'INVALID_MFA_CODE');
      expectStatus(await tryCode(now - TOTP_STEP_MS), 200);
      expectStatus(await tryCode(now + TOTP_STEP_MS), 200);
    });

    it('a code that signed in once is refused afterwards, and so is a code of an earlier step', async () => {
      const user = await userWithTotp();
      const now = await awayFromStepEnd();
      const { secret } = user.authenticator;
      const later = totpCode(secret, now + TOTP_STEP_MS);
      expectStatus(
        await verifyMfa(app(), { mfaToken: (await loginToSecondStep(app(), user)).mfaToken, code: later }),
        200,
      );

      for (const code of [later, totpCode(secret, now)]) {
        const { mfaToken } = await loginToSecondStep(app(), user);
        const response = await verifyMfa(app(), { mfaToken, code });
        expectProblem(response, 401, 'INVALID_MFA_CODE');
      }
    });

    it('of parallel verifies with one right code, exactly one signs in', async () => {
      const user = await userWithTotp();
      const { mfaToken } = await loginToSecondStep(app(), user);
      const code = await user.authenticator.nextCode();

      const answers = await Promise.all([1, 2, 3, 4].map(() => verifyMfa(app(), { mfaToken, code })));

      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401, 401, 401]);
    });

    it('five wrong codes kill the token, each answer saying the tries left', async () => {
      const user = await userWithTotp();
      const { mfaToken } = await loginToSecondStep(app(), user);
      const wrong = await wrongCodeFor(user.authenticator);

      for (let tried = 1; tried <= TRIES; tried++) {
        const response = await verifyMfa(app(), { mfaToken, code: wrong });
        expectProblem(response, 401, 'INVALID_MFA_CODE');
        expect(response.body.triesLeft).toBe(TRIES - tried);
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
      }

      const right = await verifyMfa(app(), { mfaToken, code: await user.authenticator.nextCode(false) });
      expectProblem(right, 401, 'INVALID_MFA_TOKEN');
      const fresh = await loginToSecondStep(app(), user);
      expectStatus(
        await verifyMfa(app(), { mfaToken: fresh.mfaToken, code: await user.authenticator.nextCode() }),
        200,
      );
    });
  });

  describe('recovery codes', () => {
    it('sign in once each, with amr pwd+mfa, mailing the owner how many are left', async () => {
      const user = await userWithTotp();
      const [code] = user.recoveryCodes;
      const { mfaToken } = await loginToSecondStep(app(), user);

      const response = await verifyMfa(app(), { mfaToken, recoveryCode: code.toUpperCase() });

      expectStatus(response, 200);
      expect(amrOf(response.body.accessToken)).toEqual(['pwd', 'mfa']);
      expect(response.body.user).toMatchObject({ recoveryCodesLeft: 9 });
      const notice = await servers.sink.waitForMail({ to: user.email, subject: /recovery code signed in/i });
      expect(notice.text).toContain('9 of your recovery codes are left');
      const again = await verifyMfa(app(), {
        mfaToken: (await loginToSecondStep(app(), user)).mfaToken,
        recoveryCode: code,
      });
      expectProblem(again, 401, 'INVALID_MFA_CODE');
      expect(again.body.errors).toEqual([expect.objectContaining({ field: 'recoveryCode' })]);
    });

    it('still sign in when the stored secret no longer opens (its key changed): app codes then fail with 401', async () => {
      const user = await userWithTotp();
      // What a changed DATA_ENCRYPTION_KEY looks like to the server: a sealed secret whose tag does not match.
      await app().editDatabase((sql) =>
        sql(
          `UPDATE totp_credentials SET secret_ciphertext = regexp_replace(secret_ciphertext, '^(v1\\.[^.]+\\.)[^.]+', '\\1' || $2)
           WHERE user_id = (SELECT id FROM users WHERE email = $1)`,
          [user.email, Buffer.alloc(16).toString('base64url')],
        ),
      );

      const withAppCode = await verifyMfa(app(), {
        mfaToken: (await loginToSecondStep(app(), user)).mfaToken,
        code: await user.authenticator.nextCode(false),
      });
      expectProblem(withAppCode, 401, 'INVALID_MFA_CODE');
      const withRecoveryCode = await verifyMfa(app(), {
        mfaToken: (await loginToSecondStep(app(), user)).mfaToken,
        recoveryCode: user.recoveryCodes[0],
      });
      expectStatus(withRecoveryCode, 200);
    });

    it('down to the last one, which leaves none; codes replaced before stop working', async () => {
      const user = await userWithTotp();
      const renewed = await client().post<{ recoveryCodes: string[] }>(
        '/users/me/mfa/recovery-codes',
        undefined,
        {
          token: user.accessToken,
        },
      );
      expectStatus(renewed, 200);
      const stale = await verifyMfa(app(), {
        mfaToken: (await loginToSecondStep(app(), user)).mfaToken,
        recoveryCode: user.recoveryCodes[0],
      });
      expectProblem(stale, 401, 'INVALID_MFA_CODE');

      let last: Awaited<ReturnType<typeof verifyMfa>> | undefined;
      for (const recoveryCode of renewed.body.recoveryCodes) {
        last = await verifyMfa(app(), {
          mfaToken: (await loginToSecondStep(app(), user)).mfaToken,
          recoveryCode,
        });
        expectStatus(last, 200);
      }

      expect(last!.body.user).toMatchObject({ mfaEnabled: true, recoveryCodesLeft: 0 });
      const notice = await servers.sink.waitForMail({
        to: user.email,
        subject: /recovery code/i,
        containing: /0 of your/,
      });
      expect(notice.text).toContain('make new recovery codes');
    });
  });

  describe('other ways in', () => {
    it('a magic link asks for the second step too, and finishes with amr email+otp+mfa', async () => {
      const user = await userWithTotp();
      const { token, pkce } = await askForMagicLink(app(), servers.sink, user.email);

      const first = await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier });

      expectStatus(first, 200);
      expect(first.body).toMatchObject({ mfaRequired: true, methods: ['totp', 'recovery_code'] });
      expect(first.body.accessToken).toBeUndefined();
      const second = await verifyMfa(app(), {
        mfaToken: first.body.mfaToken,
        code: await user.authenticator.nextCode(),
      });
      expectStatus(second, 200);
      expect(amrOf(second.body.accessToken)).toEqual(['email', 'otp', 'mfa']);
      // Every finished sign-in hands out a device token (new-sign-in notices), not only a password one.
      expect(second.body.deviceToken).toMatch(/^[\w-]{22}\.\d+\.[\w-]{43}$/);
    });

    it('a passkey signs in without asking, as it is two factors itself', async () => {
      const user = await userWithTotp();
      const passkeyApp = authenticatorFor(app());
      await registerPasskey(app(), user.accessToken, passkeyApp);

      const response = await trySignInWithPasskey(app(), passkeyApp);

      expectStatus(response, 200);
      expect(response.body.accessToken).toEqual(expect.any(String));
      expect(amrOf(response.body.accessToken)).toEqual([expect.stringMatching(/^(hwk|swk)$/), 'mfa']);
    });

    it('a password reset leaves two-step verification on', async () => {
      const user = await userWithTotp();
      const { token } = await forgotPassword(app(), servers.sink, user.email);
      const newPassword = passphrase();
      expectStatus(await postPasswordReset(app(), { token, newPassword }), 204);

      const answer = await loginToSecondStep(app(), { email: user.email, password: newPassword });

      expect(answer.mfaRequired).toBe(true);
    });

    it('turning it off while a sign-in waits ends that step: 401 INVALID_MFA_TOKEN', async () => {
      const user = await userWithTotp();
      const { mfaToken } = await loginToSecondStep(app(), user);
      expectStatus(await client().delete('/users/me/mfa/totp', undefined, { token: user.accessToken }), 204);

      const response = await verifyMfa(app(), { mfaToken, code: await user.authenticator.nextCode(false) });

      expectProblem(response, 401, 'INVALID_MFA_TOKEN');
      expect((await login(user)).body).toMatchObject({ accessToken: expect.any(String) });
    });
  });

  describe('and the lockout', () => {
    it('wrong codes count toward it: ten lock the account, and then even the right password is refused', async () => {
      const user = await userWithTotp();
      const wrong = await wrongCodeFor(user.authenticator);

      for (let round = 0; round < FAILURES_TO_LOCK / TRIES; round++) {
        const { mfaToken } = await loginToSecondStep(app(), user);
        for (let tried = 0; tried < TRIES; tried++) await verifyMfa(app(), { mfaToken, code: wrong });
      }

      expectProblem(await login(user), 401, 'INVALID_CREDENTIALS');
    });

    it('a right password with the step pending resets nothing; a right code while locked is refused', async () => {
      const user = await userWithTotp();
      for (let i = 0; i < FAILURES_TO_LOCK - 2; i++) {
        expectProblem(await login(user, { password: 'not the password at all' }), 401, 'INVALID_CREDENTIALS');
      }
      const { mfaToken } = await loginToSecondStep(app(), user);
      const wrong = await wrongCodeFor(user.authenticator);

      expectProblem(await verifyMfa(app(), { mfaToken, code: wrong }), 401, 'INVALID_MFA_CODE');
      expect((await verifyMfa(app(), { mfaToken, code: wrong })).body.triesLeft).toBe(3);

      const right = await verifyMfa(app(), { mfaToken, code: await user.authenticator.nextCode(false) });
      expectProblem(right, 401, 'INVALID_MFA_CODE');
      expectProblem(await login(user), 401, 'INVALID_CREDENTIALS');
    });

    it('a finished second step clears the failures', async () => {
      const user = await userWithTotp();
      for (let i = 0; i < FAILURES_TO_LOCK - 1; i++) {
        await login(user, { password: 'not the password at all' });
      }
      const { mfaToken } = await loginToSecondStep(app(), user);
      expectStatus(await verifyMfa(app(), { mfaToken, code: await user.authenticator.nextCode() }), 200);

      await login(user, { password: 'not the password at all' });

      expect((await loginToSecondStep(app(), user)).mfaRequired).toBe(true);
    });
  });

  describe('refuses bad input with 400', () => {
    it.each([
      ['both a code and a recovery code', { code: '123456', recoveryCode: 'abcd-efgh-jkmn-pqrs' }],
      ['neither', {}],
      ['a numeric code', { code: 123456 }],
      ['a code of 7 digits', { code: '1234567' }],
      ['a huge recovery code', { recoveryCode: 'a'.repeat(10_000) }],
      ['a recovery code that is an object', { recoveryCode: { $ne: null } }],
    ])('%s', async (_label, body) => {
      const response = await verifyMfa(app(), { mfaToken: 'x'.repeat(43), ...body });

      expectProblem(response, 400, 'VALIDATION_FAILED');
    });

    it.each([
      ['a lone surrogate in the token', '{"mfaToken":"\\ud800","code":"123456"}'],
      ['a huge number as token', '{"mfaToken":1e400,"code":"123456"}'],
      ['no token', '{"code":"123456"}'],
    ])('%s', async (_label, rawBody) => {
      const response = await client().request('POST', '/auth/mfa/verify', undefined, { rawBody });

      expect(response.status).toBe(400);
    });
  });
});
