import {
  ApiResponse,
  delay,
  expectProblem,
  expectSessionEnded,
  expectStatus,
  extractCode,
  loginAs,
  passphrase,
  ReceivedMail,
  signedInUser,
  SignedInUser,
  uniqueEmail,
  useServers,
} from './support';

/** RECENT_AUTH_WINDOW of this file's server, in seconds: short, so a test can let a session grow old. */
const WINDOW_SECONDS = 3;
/** Wrong passwords in a row that end a session; wrong tries that kill a code; failures that lock an account. */
const SESSION_ATTEMPTS = 5;
const CODE_TRIES = 5;
const FAILURES_TO_LOCK = 10;
/** Accounts without a password that beforeAll makes at once (one database edit for all of them). */
const PASSWORDLESS_ACCOUNTS = 9;
/** Accounts with a password whose sessions beforeAll lets grow old, all in the one wait for the window. */
const OLDER_ACCOUNTS = 9;

type Body = Record<string, unknown> | undefined;

interface SensitiveRoute {
  name: string;
  status: number;
  send(user: SignedInUser, body: Record<string, unknown>): Promise<ApiResponse>;
}

describe('POST /auth/reauthenticate', () => {
  const servers = useServers({ env: { RECENT_AUTH_WINDOW: String(WINDOW_SECONDS) } });
  const app = () => servers.app;
  const client = () => app().client;
  const passwordless: SignedInUser[] = [];
  const older: SignedInUser[] = [];

  const reauthenticate = (user: SignedInUser, body: Body) =>
    client().post('/auth/reauthenticate', body, { token: user.accessToken });
  const askForCode = (user: SignedInUser) =>
    client().post('/auth/reauthenticate/email', undefined, { token: user.accessToken });
  const me = (user: SignedInUser) => client().get('/users/me', { token: user.accessToken });

  /** The changes that need a recent session or the current password (SensitiveChangeCheck). */
  const CHANGE_EMAIL: SensitiveRoute = {
    name: 'POST /users/me/email',
    status: 202,
    send: (user, body) =>
      client().post(
        '/users/me/email',
        { newEmail: uniqueEmail('moved'), ...body },
        { token: user.accessToken },
      ),
  };
  const CHANGE_PASSWORD: SensitiveRoute = {
    name: 'PUT /users/me/password',
    status: 204,
    send: (user, body) =>
      client().put('/users/me/password', { newPassword: passphrase(), ...body }, { token: user.accessToken }),
  };
  const DELETE_ACCOUNT: SensitiveRoute = {
    name: 'DELETE /users/me',
    status: 204,
    send: (user, body) => client().delete('/users/me', body, { token: user.accessToken }),
  };

  /** Lets every session signed in so far fall out of the recent window. */
  const outliveTheWindow = () => delay(WINDOW_SECONDS * 1000 + 500);

  /** One of the confirmed accounts with a password; their sessions are older than the window. */
  function olderUser(): SignedInUser {
    const user = older.pop();
    if (!user) throw new Error('raise OLDER_ACCOUNTS: every account with an older session is used');
    return user;
  }

  /** One of the accounts without a password; their sessions are older than the window. */
  function passwordlessUser(): SignedInUser {
    const user = passwordless.pop();
    if (!user) throw new Error('raise PASSWORDLESS_ACCOUNTS: every account without a password is used');
    return user;
  }

  /** Asks for a code (202) and reads it from the mail that is not among `seen`. */
  async function mailedCode(user: SignedInUser, seen: ReceivedMail[] = []): Promise<string> {
    expectStatus(await askForCode(user), 202);
    const mail = await servers.sink.waitForMail({
      to: user.email,
      subject: /confirmation code/i,
      where: (candidate) => !seen.includes(candidate),
    });
    const code = extractCode(mail);
    if (!code) throw new Error(`the mail to ${user.email} has no code: ${mail.text}`);
    return code;
  }

  const otherCode = (code: string) => (code === '000000' ? '111111' : '000000');

  async function expectNotRecent(user: SignedInUser, methods: string[]): Promise<void> {
    const response = await CHANGE_EMAIL.send(user, {});
    expectProblem(response, 403, 'REAUTHENTICATION_REQUIRED');
    expect(response.body.methods).toEqual(methods);
  }

  beforeAll(async () => {
    const signedInUsers = (count: number) =>
      Promise.all(Array.from({ length: count }, () => signedInUser(app(), servers.sink)));
    const [withoutPassword, withPassword] = await Promise.all([
      signedInUsers(PASSWORDLESS_ACCOUNTS),
      signedInUsers(OLDER_ACCOUNTS),
    ]);
    passwordless.push(...withoutPassword);
    older.push(...withPassword);
    // No sign-up without a password yet: these accounts lose theirs in the database, as such an account has none.
    await app().editDatabase((sql) =>
      sql('UPDATE users SET password_hash = NULL WHERE email = ANY($1)', [passwordless.map((u) => u.email)]),
    );
    await outliveTheWindow();
  });

  describe('sensitive changes from an older session', () => {
    it.each([CHANGE_EMAIL, CHANGE_PASSWORD, DELETE_ACCOUNT])(
      '$name answers 403 REAUTHENTICATION_REQUIRED with the methods, and changes nothing',
      async (route) => {
        const user = olderUser();

        const response = await route.send(user, {});

        expectProblem(response, 403, 'REAUTHENTICATION_REQUIRED');
        expect(response.body.methods).toEqual(['password']);
        expectStatus(await me(user), 200);
        await loginAs(app(), user);
        await servers.sink.waitForQuiet(300);
        expect(servers.sink.matching({ to: user.email, subject: /change|deleted/i })).toEqual([]);
      },
    );

    it.each([CHANGE_EMAIL, CHANGE_PASSWORD])(
      '$name still takes the current password instead',
      async (route) => {
        const user = olderUser();

        expectStatus(await route.send(user, { currentPassword: user.password }), route.status);
      },
    );

    it('of an account without a password, names the mailed code as the way', async () => {
      await expectNotRecent(passwordlessUser(), ['email_code']);
    });
  });

  describe('with the password', () => {
    it('answers 204, after which the account can be deleted without the current password', async () => {
      const user = olderUser();

      const response = await reauthenticate(user, { password: user.password });

      expectStatus(response, 204);
      expect(response.text).toBe('');
      expectStatus(await DELETE_ACCOUNT.send(user, {}), 204);
      await expectSessionEnded(app(), user);
    });

    it('makes only this session recent, and only for the window', async () => {
      const user = olderUser();
      const otherDevice = { ...user, ...(await loginAs(app(), user)) };
      await outliveTheWindow();

      expectStatus(await reauthenticate(user, { password: user.password }), 204);

      expectStatus(await CHANGE_EMAIL.send(user, {}), 202);
      await expectNotRecent(otherDevice, ['password']);
      await outliveTheWindow();
      await expectNotRecent(user, ['password']);
    });

    it('refuses a wrong one with 400 INVALID_CURRENT_PASSWORD on the password field; the session stays older', async () => {
      const user = olderUser();

      const response = await reauthenticate(user, { password: `${user.password}x` });

      expectProblem(response, 400, 'INVALID_CURRENT_PASSWORD');
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
      await expectNotRecent(user, ['password']);
    });

    it('counts wrong ones with wrong current passwords: the fifth in a row ends the session', async () => {
      const user = await signedInUser(app(), servers.sink);
      for (let i = 0; i < SESSION_ATTEMPTS - 1; i++) {
        expectProblem(
          await reauthenticate(user, { password: passphrase() }),
          400,
          'INVALID_CURRENT_PASSWORD',
        );
      }

      const fifth = await CHANGE_PASSWORD.send(user, { currentPassword: passphrase() });

      expectProblem(fifth, 401, 'TOO_MANY_WRONG_PASSWORDS');
      await expectSessionEnded(app(), user);
      expectProblem(await reauthenticate(user, { password: user.password }), 401, 'UNAUTHENTICATED');
    });

    it('counts wrong ones toward the account lock, which then refuses sign-ins from unknown devices', async () => {
      const user = await signedInUser(app(), servers.sink);
      const stolen = [user, { ...user, ...(await loginAs(app(), user)) }];

      for (const session of stolen) {
        for (let i = 0; i < SESSION_ATTEMPTS - 1; i++) {
          expectProblem(
            await reauthenticate(session, { password: passphrase() }),
            400,
            'INVALID_CURRENT_PASSWORD',
          );
        }
        expectProblem(
          await reauthenticate(session, { password: passphrase() }),
          401,
          'TOO_MANY_WRONG_PASSWORDS',
        );
      }
      expect(stolen.length * SESSION_ATTEMPTS).toBe(FAILURES_TO_LOCK);

      const login = await client().post('/auth/login', { email: user.email, password: user.password });
      expectProblem(login, 401, 'INVALID_CREDENTIALS');
    });
  });

  describe('with a mailed code', () => {
    it('mails a code to an account without a password; it answers 204, and the account can then be deleted', async () => {
      const user = passwordlessUser();

      const code = await mailedCode(user);
      expectStatus(await reauthenticate(user, { emailCode: code }), 204);

      expectStatus(await DELETE_ACCOUNT.send(user, {}), 204);
      await expectSessionEnded(app(), user);
    });

    it('works once: a replay answers 400 INVALID_REAUTH_CODE', async () => {
      const user = passwordlessUser();
      const code = await mailedCode(user);
      expectStatus(await reauthenticate(user, { emailCode: code }), 204);
      await outliveTheWindow();

      const replay = await reauthenticate(user, { emailCode: code });

      expectProblem(replay, 400, 'INVALID_REAUTH_CODE');
      expect(replay.body.errors).toEqual([expect.objectContaining({ field: 'emailCode' })]);
      await expectNotRecent(user, ['email_code']);
    });

    it('dies at the fifth wrong try: then even the right code answers 400', async () => {
      const user = passwordlessUser();
      const code = await mailedCode(user);

      for (let i = 0; i < CODE_TRIES; i++) {
        expectProblem(await reauthenticate(user, { emailCode: otherCode(code) }), 400, 'INVALID_REAUTH_CODE');
      }

      expectProblem(await reauthenticate(user, { emailCode: code }), 400, 'INVALID_REAUTH_CODE');
      await expectNotRecent(user, ['email_code']);
      expectStatus(await me(user), 200);
    });

    it('does not take the code of another account', async () => {
      const [user, other] = [passwordlessUser(), passwordlessUser()];
      const own = await mailedCode(user);
      const othersCode = await mailedCode(other);
      // A stranger's code may match one's own by chance, one time in a million.
      if (othersCode === own) return;

      expectProblem(await reauthenticate(user, { emailCode: othersCode }), 400, 'INVALID_REAUTH_CODE');
      await expectNotRecent(user, ['email_code']);
      expectStatus(await reauthenticate(user, { emailCode: own }), 204);
      expectStatus(await reauthenticate(other, { emailCode: othersCode }), 204);
    });

    it('lets exactly one of parallel requests spend the code', async () => {
      const user = passwordlessUser();
      const code = await mailedCode(user);

      const answers = await Promise.all(
        Array.from({ length: 4 }, () => reauthenticate(user, { emailCode: code })),
      );

      expect(answers.map((answer) => answer.status).sort()).toEqual([204, 400, 400, 400]);
    });

    it('sends one mail a minute: a repeat is accepted, sends nothing, and the first code keeps working', async () => {
      const user = passwordlessUser();
      const code = await mailedCode(user);

      expectStatus(await askForCode(user), 202);

      await servers.sink.waitForQuiet(500);
      expect(servers.sink.matching({ to: user.email, subject: /confirmation code/i })).toHaveLength(1);
      expectStatus(await reauthenticate(user, { emailCode: code }), 204);
    });
  });

  describe('refusals', () => {
    // Refused requests leave a session as old as it was, so these tests share one.
    let olderSession: SignedInUser;
    beforeAll(() => {
      olderSession = olderUser();
    });
    it('answers 403 REAUTH_METHOD_UNAVAILABLE, naming what works, to a way the account does not have', async () => {
      const [user, withoutPassword] = [olderSession, passwordlessUser()];

      const byCode = await reauthenticate(user, { emailCode: '123456' });
      const codeMail = await askForCode(user);
      const byPassword = await reauthenticate(withoutPassword, { password: passphrase() });

      for (const [response, methods] of [
        [byCode, ['password']],
        [codeMail, ['password']],
        [byPassword, ['email_code']],
      ] as const) {
        expectProblem(response, 403, 'REAUTH_METHOD_UNAVAILABLE');
        expect(response.body.methods).toEqual(methods);
      }
      await servers.sink.waitForQuiet(300);
      expect(servers.sink.matching({ to: user.email, subject: /confirmation code/i })).toEqual([]);
      await expectNotRecent(withoutPassword, ['email_code']);
    });

    it.each([
      ['no token', undefined],
      ['a garbage token', 'not.a.token'],
    ])('answers 401 UNAUTHENTICATED with %s', async (_label, token) => {
      expectProblem(
        await client().post('/auth/reauthenticate', { password: 'x' }, { token }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await client().post('/auth/reauthenticate/email', undefined, { token }),
        401,
        'UNAUTHENTICATED',
      );
    });

    it.each<[string, Body, string[]]>([
      ['no body', undefined, ['password']],
      ['both proofs', { password: 'lantern quietly orbiting plums', emailCode: '123456' }, ['password']],
      ['an empty password', { password: '' }, ['password']],
      ['a null password', { password: null }, ['password']],
      ['an over-long password', { password: 'x'.repeat(1025) }, ['password']],
      ['a code of five digits', { emailCode: '12345' }, ['emailCode']],
      ['a code as a number', { emailCode: 123456 }, ['emailCode']],
      ['a huge number', { emailCode: 1e308 }, ['emailCode']],
      ['an unknown field', { password: 'lantern quietly orbiting plums', otp: '123456' }, ['otp']],
      [
        'a password and a TOTP code',
        { password: 'lantern quietly orbiting plums', code: '123456' },
        ['password'],
      ],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, body, fields) => {
      const response = await reauthenticate(olderSession, body);

      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect((response.body.errors ?? []).map((error) => error.field)).toEqual(fields);
      await expectNotRecent(olderSession, ['password']);
    });

    it.each([
      ['a body nested 3,000 levels deep', `{"password":${'['.repeat(3000)}1${']'.repeat(3000)}}`],
      ['a lone surrogate in the password', '{"password":"lantern\\ud800 quietly orbiting"}'],
      ['a lone surrogate in the code', '{"emailCode":"12345\\udc00"}'],
    ])('refuses %s with a 400 problem', async (_label, rawBody) => {
      const response = await client().post('/auth/reauthenticate', undefined, {
        rawBody,
        token: olderSession.accessToken,
      });

      expect(response.status).toBe(400);
      expect(response.body.code).toMatch(/^[A-Z_]+$/);
      await expectNotRecent(olderSession, ['password']);
    });
  });
});
