import {
  ApiInstance,
  ApiResponse,
  expectProblem,
  expectSessionEnded,
  expectStatus,
  loginAs,
  passphrase,
  signedInUser,
  uniqueEmail,
  useServers,
} from './support';

/**
 * Wrong current passwords in a row that end the session (docs/architecture.md, Passwords, lockout and
 * throttling).
 */
const SESSION_ATTEMPTS = 5;
/** Failures in a row that lock the account for sign-ins from unknown devices. */
const FAILURES_TO_LOCK = 10;

type Tokens = { accessToken: string; refreshToken?: string };

interface Route {
  name: string;
  send(app: ApiInstance, session: Tokens, currentPassword: string): Promise<ApiResponse>;
}

/** The three changes a signed-in person confirms with the current password. */
const CHANGE_PASSWORD: Route = {
  name: 'PUT /users/me/password',
  send: (app, { accessToken }, currentPassword) =>
    app.client.put(
      '/users/me/password',
      { currentPassword, newPassword: passphrase() },
      { token: accessToken },
    ),
};
const CHANGE_EMAIL: Route = {
  name: 'POST /users/me/email',
  send: (app, { accessToken }, currentPassword) =>
    app.client.post(
      '/users/me/email',
      { newEmail: uniqueEmail('moved'), currentPassword },
      { token: accessToken },
    ),
};
const DELETE_ACCOUNT: Route = {
  name: 'DELETE /users/me',
  send: (app, { accessToken }, currentPassword) =>
    app.client.delete('/users/me', { currentPassword }, { token: accessToken }),
};

describe('guessing the current password from a signed-in session', () => {
  const servers = useServers();
  const app = () => servers.app;
  const newUser = () => signedInUser(app(), servers.sink);
  const login = (email: string, password: string, extra: Record<string, unknown> = {}) =>
    app().client.post('/auth/login', { email, password, ...extra });

  async function guessWrong(route: Route, session: Tokens, times: number): Promise<void> {
    for (let i = 0; i < times; i++) {
      expectProblem(await route.send(app(), session, passphrase()), 400, 'INVALID_CURRENT_PASSWORD');
    }
  }

  describe.each([CHANGE_PASSWORD, CHANGE_EMAIL, DELETE_ACCOUNT])('$name', (route) => {
    it('ends the session at the fifth wrong password in a row, saying so; the next request is 401', async () => {
      const user = await newUser();
      await guessWrong(route, user, SESSION_ATTEMPTS - 1);

      const fifth = await route.send(app(), user, passphrase());

      expectProblem(fifth, 401, 'TOO_MANY_WRONG_PASSWORDS');
      await expectSessionEnded(app(), user);
      // Ended for good: not even the right password brings it back, and the account is still there.
      expectProblem(await route.send(app(), user, user.password), 401, 'UNAUTHENTICATED');
      expectStatus(await login(user.email, user.password), 200);
    });
  });

  // Deleting the account with the right password leaves nothing to count on, so two routes here.
  it.each([
    { route: CHANGE_PASSWORD, status: 204 },
    { route: CHANGE_EMAIL, status: 202 },
  ])('$route.name: the right password starts the count again', async ({ route, status }) => {
    const user = await newUser();
    await guessWrong(route, user, SESSION_ATTEMPTS - 1);

    expectStatus(await route.send(app(), user, user.password), status);
    await guessWrong(route, user, SESSION_ATTEMPTS - 1);

    expectStatus(await app().client.get('/users/me', { token: user.accessToken }), 200);
  });

  it('counts toward the account lock, which then refuses sign-ins from unknown devices only', async () => {
    const user = await newUser();
    const owner = await loginAs(app(), user, { tokenDelivery: 'body' });
    const stolen = await loginAs(app(), user);
    const stolenAgain = await loginAs(app(), user);

    // Two stolen sessions, five wrong guesses each: ten failures, so the account locks.
    await guessWrong(CHANGE_PASSWORD, stolen, SESSION_ATTEMPTS - 1);
    expectProblem(await CHANGE_PASSWORD.send(app(), stolen, passphrase()), 401, 'TOO_MANY_WRONG_PASSWORDS');
    await guessWrong(CHANGE_EMAIL, stolenAgain, SESSION_ATTEMPTS - 1);
    expectProblem(await CHANGE_EMAIL.send(app(), stolenAgain, passphrase()), 401, 'TOO_MANY_WRONG_PASSWORDS');
    expect(2 * SESSION_ATTEMPTS).toBe(FAILURES_TO_LOCK);

    expectProblem(await login(user.email, user.password), 401, 'INVALID_CREDENTIALS');
    const deviceToken = owner.response.body.deviceToken;
    expectStatus(await login(user.email, user.password, { deviceToken }), 200);
  });

  it('does not let parallel guesses from one session get past the limit', async () => {
    const user = await newUser();
    const extra = 3;

    const answers = await Promise.all(
      Array.from({ length: SESSION_ATTEMPTS + extra }, () => CHANGE_PASSWORD.send(app(), user, passphrase())),
    );

    const codes = answers.map((answer) => answer.body.code);
    expect(codes.filter((code) => code === 'INVALID_CURRENT_PASSWORD')).toHaveLength(SESSION_ATTEMPTS - 1);
    // A guess that reaches the server after the session ended is refused by the session check itself.
    const refusals = codes.filter(
      (code) => code === 'TOO_MANY_WRONG_PASSWORDS' || code === 'UNAUTHENTICATED',
    );
    expect(refusals).toHaveLength(1 + extra);
    expect(refusals).toContain('TOO_MANY_WRONG_PASSWORDS');
    await expectSessionEnded(app(), user);
    // Only five guesses were compared and counted: five more failures lock the account, four do not.
    for (let i = 0; i < FAILURES_TO_LOCK - SESSION_ATTEMPTS - 1; i++) {
      expectProblem(await login(user.email, passphrase()), 401, 'INVALID_CREDENTIALS');
    }
    expectStatus(await login(user.email, user.password), 200);
  });
});
