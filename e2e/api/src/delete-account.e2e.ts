import {
  confirmationMail,
  expectProblem,
  expectStatus,
  loginAs,
  requestSignUp,
  signedInUser,
  SignedInUser,
  signUp,
  uniqueEmail,
  useServers,
  waitFor,
} from './support';

/** Long enough that mail refused during an outage waits in the outbox while a test acts. */
const RETRY_DELAY_MS = 2_000;

describe('DELETE /users/me', () => {
  const servers = useServers({ env: { MAIL_RETRY_BASE: `${RETRY_DELAY_MS}ms` } });
  const app = () => servers.app;
  const signedIn = () => signedInUser(app(), servers.sink);
  const deleteAccount = (user: SignedInUser, body: unknown) =>
    app().client.delete('/users/me', body, { token: user.accessToken });
  const deleteWithPassword = (user: SignedInUser) => deleteAccount(user, { currentPassword: user.password });
  const farewellTo = (email: string) => servers.sink.waitForMail({ to: email, subject: /deleted/i });

  it('deletes the account: 204, every session ends, login fails, the avatar is gone, a farewell arrives', async () => {
    const user = await signedIn();
    const otherDevice = await loginAs(app(), user);

    const response = await deleteWithPassword(user);

    expectStatus(response, 204);
    expect(response.text).toBe('');
    for (const token of [user.accessToken, otherDevice.accessToken]) {
      expectProblem(await app().client.get('/users/me', { token }), 401, 'UNAUTHENTICATED');
    }
    const refresh = await app().client.post('/auth/refresh', { refreshToken: otherDevice.refreshToken });
    expectProblem(refresh, 401, 'INVALID_REFRESH_TOKEN');
    const login = await app().client.post('/auth/login', { email: user.email, password: user.password });
    expectProblem(login, 401, 'INVALID_CREDENTIALS');
    expectProblem(await app().client.get(`/users/${user.user.id}/avatar`), 404, 'NOT_FOUND');
    const farewell = await farewellTo(user.email);
    expect(farewell.text).toContain(user.user.nickname);
    expect(farewell.text).not.toMatch(/token=/);
  });

  it('frees the address (and the nickname) for a new sign-up', async () => {
    const user = await signedIn();
    expectStatus(await deleteWithPassword(user), 204);
    await farewellTo(user.email);

    const { credentials } = await requestSignUp(app(), { email: user.email, nickname: user.user.nickname });
    const again = await loginAs(app(), credentials);

    expect(again.user.id).not.toBe(user.user.id);
    expect(again.user).toMatchObject({
      email: user.email,
      nickname: user.user.nickname,
      emailConfirmed: false,
    });
  });

  it('cancels mail still waiting for the account; only the farewell goes out', async () => {
    const user = await signedIn();
    const pendingChange = uniqueEmail('never-mailed');
    await servers.sink.startOutage();
    try {
      const change = await app().client.post(
        '/users/me/email',
        { newEmail: pendingChange, currentPassword: user.password },
        { token: user.accessToken },
      );
      expectStatus(change, 202);
      // Both mails (link and notice) were tried and refused: they now wait for a retry, none is in flight.
      await waitFor('both first attempts', () => (servers.sink.refusedConnections >= 2 ? true : undefined));
      expectStatus(await deleteWithPassword(user), 204);
    } finally {
      await servers.sink.endOutage();
    }

    await farewellTo(user.email);
    // Past the retry: mail that was not cancelled would arrive now.
    await servers.sink.waitForQuiet(RETRY_DELAY_MS + 1_000);
    expect(servers.sink.matching({ to: pendingChange })).toEqual([]);
    expect(servers.sink.matching({ to: user.email, containing: pendingChange })).toEqual([]);
  });

  it('refuses a wrong password with 400 INVALID_CURRENT_PASSWORD and keeps everything', async () => {
    const user = await signedIn();

    const response = await deleteAccount(user, { currentPassword: `${user.password} ` });

    expectProblem(response, 400, 'INVALID_CURRENT_PASSWORD');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
    expectStatus(await app().client.get('/users/me', { token: user.accessToken }), 200);
    await loginAs(app(), user);
  });

  it('deletes without the current password from a session that signed in moments ago', async () => {
    const user = await signedIn();

    expectStatus(await deleteAccount(user, undefined), 204);

    expectProblem(await app().client.get('/users/me', { token: user.accessToken }), 401, 'UNAUTHENTICATED');
    await farewellTo(user.email);
  });

  it.each([
    ['an empty password', { currentPassword: '' }, ['currentPassword']],
    ['a null password', { currentPassword: null }, ['currentPassword']],
    ['a password that is not a string', { currentPassword: 123456789012345 }, ['currentPassword']],
    ['an unknown field', { currentPassword: 'whatever it is', force: true }, ['force']],
  ])('refuses %s with 400 VALIDATION_FAILED and keeps the account', async (_label, body, fields) => {
    const user = await signedIn();

    const response = await deleteAccount(user, body);

    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect((response.body.errors ?? []).map((error) => error.field)).toEqual(fields);
    expectStatus(await app().client.get('/users/me', { token: user.accessToken }), 200);
  });

  it('lets an unconfirmed account delete itself', async () => {
    const account = await signUp(app(), servers.sink);
    const { accessToken } = await loginAs(app(), account);
    const response = await app().client.delete(
      '/users/me',
      { currentPassword: account.password },
      { token: accessToken },
    );
    expectStatus(response, 204);
    await farewellTo(account.email);
    // The confirmation link mailed at sign-up went with the account.
    const link = await confirmationMail(app(), servers.sink, account.email);
    expect(link).toBe(account.mail);
    expectProblem(
      await app().client.post('/auth/email/confirm', { token: account.confirmToken }),
      400,
      'INVALID_TOKEN',
    );
  });

  it('refuses a guest with 401', async () => {
    expectProblem(
      await app().client.delete('/users/me', { currentPassword: 'anything at all' }),
      401,
      'UNAUTHENTICATED',
    );
  });
});
