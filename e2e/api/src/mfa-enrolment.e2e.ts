import {
  confirmTotp,
  delay,
  enrolTotp,
  expectProblem,
  expectStatus,
  signedInUser,
  SignedInUser,
  startTotp,
  totpCode,
  useServers,
} from './support';

const RECOVERY_CODES = 10;
/** RECENT_AUTH_WINDOW of the short-window server, in seconds. */
const WINDOW_SECONDS = 3;
/** Wrong passwords (or codes) in a row that end a session at re-authentication. */
const SESSION_ATTEMPTS = 5;

describe('two-step verification: setting it up (/users/me/mfa)', () => {
  const servers = useServers();
  const app = () => servers.app;
  const client = () => app().client;
  const newUser = () => signedInUser(app(), servers.sink);
  const me = async (user: SignedInUser) => {
    const response = await client().get<{ mfaEnabled: boolean; recoveryCodesLeft: number }>('/users/me', {
      token: user.accessToken,
    });
    expectStatus(response, 200);
    return response.body;
  };
  const turnOff = (user: SignedInUser) =>
    client().delete('/users/me/mfa/totp', undefined, { token: user.accessToken });
  const newRecoveryCodes = (user: SignedInUser) =>
    client().post<{ recoveryCodes: string[] }>('/users/me/mfa/recovery-codes', undefined, {
      token: user.accessToken,
    });
  const noticeTo = (user: SignedInUser, subject: RegExp) =>
    servers.sink.waitForMail({ to: user.email, subject });

  it('starts with a secret and its otpauth URI, pending: the profile says off until a code confirms it', async () => {
    const user = await newUser();
    expect(await me(user)).toMatchObject({ mfaEnabled: false, recoveryCodesLeft: 0 });

    const started = await startTotp(app(), user.accessToken);

    expectStatus(started, 200);
    const { secret, otpauthUri } = started.body;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(otpauthUri);
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toContain(user.email);
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({
      secret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    expect(await me(user)).toMatchObject({ mfaEnabled: false });
  });

  it('turns on with a real code: 10 distinct recovery codes, the profile, and a notice mail', async () => {
    const user = await newUser();

    const { recoveryCodes } = await enrolTotp(app(), user.accessToken);

    expect(recoveryCodes).toHaveLength(RECOVERY_CODES);
    expect(new Set(recoveryCodes).size).toBe(RECOVERY_CODES);
    for (const code of recoveryCodes) expect(code).toMatch(/^([0-9a-z]{4}-){3}[0-9a-z]{4}$/);
    expect(await me(user)).toEqual(expect.objectContaining({ mfaEnabled: true, recoveryCodesLeft: 10 }));
    const notice = await noticeTo(user, /two-step verification is on/i);
    expect(notice.text).toContain('recovery codes');
    for (const code of recoveryCodes) expect(notice.text).not.toContain(code);
  });

  it('refuses a wrong code with 400 INVALID_TOTP_CODE, and a code of a step two away', async () => {
    const user = await newUser();
    const { secret } = (await startTotp(app(), user.accessToken)).body;
    const now = Date.now();
    const wrong = totpCode(secret, now) === '000000' ? '111111' : '000000';

    for (const code of [wrong, totpCode(secret, now - 60_000)]) {
      const response = await client().post(
        '/users/me/mfa/totp/confirm',
        { code },
        { token: user.accessToken },
      );
      expectProblem(response, 400, 'INVALID_TOTP_CODE');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
    }
    expect(await me(user)).toMatchObject({ mfaEnabled: false });
  });

  it('a new start replaces the pending secret: a code of the first one no longer confirms', async () => {
    const user = await newUser();
    const first = (await startTotp(app(), user.accessToken)).body.secret;
    const second = (await startTotp(app(), user.accessToken)).body.secret;
    expect(second).not.toBe(first);

    expectProblem(await confirmTotp(app(), user.accessToken, totpCode(first)), 400, 'INVALID_TOTP_CODE');
    expectStatus(await confirmTotp(app(), user.accessToken, totpCode(second)), 200);
  });

  it('answers 409 NO_PENDING_TOTP to a confirmation without a start', async () => {
    const user = await newUser();

    expectProblem(await confirmTotp(app(), user.accessToken, '123456'), 409, 'NO_PENDING_TOTP');
  });

  it('answers 409 TOTP_ALREADY_ENABLED to a start or confirmation while it is on, keeping the secret', async () => {
    const user = await newUser();
    const { authenticator } = await enrolTotp(app(), user.accessToken);

    expectProblem(await startTotp(app(), user.accessToken), 409, 'TOTP_ALREADY_ENABLED');
    const again = await confirmTotp(app(), user.accessToken, await authenticator.nextCode());
    expectProblem(again, 409, 'TOTP_ALREADY_ENABLED');
    expect(await me(user)).toMatchObject({ mfaEnabled: true, recoveryCodesLeft: 10 });
  });

  it('of two confirmations racing with the same code, one turns it on and there is one set of codes', async () => {
    const user = await newUser();
    const { secret } = (await startTotp(app(), user.accessToken)).body;
    const code = totpCode(secret);

    const answers = await Promise.all([1, 2, 3].map(() => confirmTotp(app(), user.accessToken, code)));

    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    for (const refused of answers.filter((answer) => answer.status !== 200)) {
      expect([409]).toContain(refused.status);
    }
    expect(await me(user)).toMatchObject({ mfaEnabled: true, recoveryCodesLeft: 10 });
  });

  it('makes new recovery codes on request, with a notice; the count stays 10', async () => {
    const user = await newUser();
    const { recoveryCodes } = await enrolTotp(app(), user.accessToken);

    const renewed = await newRecoveryCodes(user);

    expectStatus(renewed, 200);
    expect(renewed.body.recoveryCodes).toHaveLength(RECOVERY_CODES);
    expect(renewed.body.recoveryCodes.filter((code) => recoveryCodes.includes(code))).toEqual([]);
    expect(await me(user)).toMatchObject({ recoveryCodesLeft: 10 });
    await noticeTo(user, /new recovery codes/i);
  });

  it('turns off with a notice: the profile says so, and turning off or new codes again answer 409', async () => {
    const user = await newUser();
    await enrolTotp(app(), user.accessToken);

    expectStatus(await turnOff(user), 204);

    expect(await me(user)).toMatchObject({ mfaEnabled: false, recoveryCodesLeft: 0 });
    const notice = await noticeTo(user, /two-step verification is off/i);
    expect(notice.text).not.toMatch(/administrator/i);
    expectProblem(await turnOff(user), 409, 'TOTP_NOT_ENABLED');
    expectProblem(await newRecoveryCodes(user), 409, 'TOTP_NOT_ENABLED');
  });

  it('can be set up again after turning off, with a new secret', async () => {
    const user = await newUser();
    const { authenticator } = await enrolTotp(app(), user.accessToken);
    expectStatus(await turnOff(user), 204);

    const again = await enrolTotp(app(), user.accessToken);

    expect(again.authenticator.secret).not.toBe(authenticator.secret);
    expect(await me(user)).toMatchObject({ mfaEnabled: true, recoveryCodesLeft: 10 });
  });

  describe('needs a recent sign-in', () => {
    // A server of its own whose recent-auth window is short enough to outlive in a test.
    const shortWindow = useServers({ env: { RECENT_AUTH_WINDOW: String(WINDOW_SECONDS) } });
    const on = () => shortWindow.app;
    /** A user with TOTP on, whose session is no longer recent. */
    async function olderUserWithTotp() {
      const user = await signedInUser(on(), shortWindow.sink);
      const { authenticator } = await enrolTotp(on(), user.accessToken);
      await delay(WINDOW_SECONDS * 1000 + 500);
      return { user, authenticator };
    }
    const reauthenticate = (user: SignedInUser, body: object) =>
      on().client.post('/auth/reauthenticate', body, { token: user.accessToken });
    const post = (user: SignedInUser, path: string, body?: object) =>
      on().client.post(path, body, { token: user.accessToken });

    it('an older session gets 403 REAUTHENTICATION_REQUIRED on every route, naming totp once it is on', async () => {
      const { user } = await olderUserWithTotp();

      for (const response of [
        await post(user, '/users/me/mfa/totp'),
        await post(user, '/users/me/mfa/totp/confirm', { code: '123456' }),
        await post(user, '/users/me/mfa/recovery-codes'),
        await on().client.delete('/users/me/mfa/totp', undefined, { token: user.accessToken }),
      ]) {
        expectProblem(response, 403, 'REAUTHENTICATION_REQUIRED');
        expect(response.body.methods).toEqual(['password', 'totp']);
      }
    });

    it('re-authenticating with a TOTP code opens them again; the same code does not work twice', async () => {
      const { user, authenticator } = await olderUserWithTotp();
      const code = await authenticator.nextCode();

      expectStatus(await reauthenticate(user, { code }), 204);
      expectProblem(await reauthenticate(user, { code }), 400, 'INVALID_REAUTH_CODE');

      expectStatus(await post(user, '/users/me/mfa/recovery-codes'), 200);
    });

    it('wrong TOTP codes are limited like wrong passwords: the fifth in a row ends the session', async () => {
      const { user, authenticator } = await olderUserWithTotp();
      const good = await authenticator.nextCode(false);
      const wrong = good === '000000' ? '111111' : '000000';

      for (let attempt = 1; attempt < SESSION_ATTEMPTS; attempt++) {
        const response = await reauthenticate(user, { code: wrong });
        expectProblem(response, 400, 'INVALID_REAUTH_CODE');
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'code' })]);
      }
      expectProblem(await reauthenticate(user, { code: wrong }), 401, 'TOO_MANY_WRONG_PASSWORDS');
      expectProblem(await reauthenticate(user, { code: good }), 401, 'UNAUTHENTICATED');
    });

    it('an account without TOTP cannot re-authenticate with a code: 403 REAUTH_METHOD_UNAVAILABLE', async () => {
      const user = await signedInUser(on(), shortWindow.sink);

      const response = await reauthenticate(user, { code: '123456' });

      expectProblem(response, 403, 'REAUTH_METHOD_UNAVAILABLE');
      expect(response.body.methods).toEqual(['password']);
    });
  });

  describe('refuses', () => {
    it('guests with 401 UNAUTHENTICATED', async () => {
      for (const response of [
        await client().post('/users/me/mfa/totp'),
        await client().post('/users/me/mfa/totp/confirm', { code: '123456' }),
        await client().delete('/users/me/mfa/totp'),
        await client().post('/users/me/mfa/recovery-codes'),
      ]) {
        expectProblem(response, 401, 'UNAUTHENTICATED');
      }
    });

    it('an account whose address is not confirmed with 403 EMAIL_NOT_CONFIRMED', async () => {
      const user = await signedInUser(app(), servers.sink, { confirmed: false });

      expectProblem(await startTotp(app(), user.accessToken), 403, 'EMAIL_NOT_CONFIRMED');
    });

    it.each([
      ['a number', '{"code":123456}'],
      ['a huge number', '{"code":1e400}'],
      ['seven digits', '{"code":"1234567"}'],
      ['letters', '{"code":"12345a"}'],
      ['a lone surrogate', '{"code":"12345\\ud800"}'],
      ['an array', '{"code":["123456"]}'],
      ['nothing', '{}'],
    ])('a confirmation code that is %s with 400, leaving it off', async (_label, rawBody) => {
      const user = await newUser();
      expectStatus(await startTotp(app(), user.accessToken), 200);

      const response = await client().request('POST', '/users/me/mfa/totp/confirm', undefined, {
        rawBody,
        token: user.accessToken,
      });

      expect(response.status).toBe(400);
      expect(await me(user)).toMatchObject({ mfaEnabled: false });
    });
  });
});
