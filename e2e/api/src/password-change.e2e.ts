import {
  expectProblem,
  expectPasswordNow,
  expectSessionEnded,
  expectStatus,
  LoginBody,
  passphrase,
  passwordChangedNotice,
  signedInUser,
  UserProfile,
  useServers,
} from './support';

describe('PUT /users/me/password', () => {
  const servers = useServers();
  const app = () => servers.app;
  const changePassword = (token: string | undefined, body: unknown) =>
    app().client.put('/users/me/password', body, { token });
  const login = (email: string, password: string) =>
    app().client.post<LoginBody>('/auth/login', { email, password });
  const me = (token: string) => app().client.get<UserProfile>('/users/me', { token });

  /** A signed-in user with a second session, as on another device. */
  async function userWithTwoDevices(options: { confirmed?: boolean } = {}) {
    const user = await signedInUser(app(), servers.sink, options);
    const other = await login(user.email, user.password);
    expectStatus(other, 200);
    return { user, other: other.body };
  }

  it('204: the new password works, this session stays, every other one ends, a notice is mailed', async () => {
    const { user, other } = await userWithTwoDevices();
    const newPassword = passphrase();

    const response = await changePassword(user.accessToken, { currentPassword: user.password, newPassword });

    expectStatus(response, 204);
    expectStatus(await me(user.accessToken), 200);
    expectStatus(await app().client.post('/auth/refresh', { refreshToken: user.refreshToken }), 200);
    await expectSessionEnded(app(), other);
    await expectPasswordNow(app(), user.email, { previous: user.password, current: newPassword });
    const notice = await passwordChangedNotice(servers.sink, user.email);
    expect(notice.subject).toContain('Latchkey');
    expect(notice.html).toContain(`${app().publicUrl}/forgot-password`);
  });

  it('needs no current password from a session that signed in moments ago', async () => {
    const { user, other } = await userWithTwoDevices();
    const newPassword = passphrase();

    expectStatus(await changePassword(user.accessToken, { newPassword }), 204);

    await expectSessionEnded(app(), other);
    await expectPasswordNow(app(), user.email, { previous: user.password, current: newPassword });
  });

  it('works for an account whose address is not confirmed yet', async () => {
    const { user } = await userWithTwoDevices({ confirmed: false });
    const newPassword = passphrase();

    expectStatus(
      await changePassword(user.accessToken, { currentPassword: user.password, newPassword }),
      204,
    );
    expectStatus(await login(user.email, newPassword), 200);
  });

  it('refuses a wrong current password with 400 INVALID_CURRENT_PASSWORD and changes nothing', async () => {
    const { user, other } = await userWithTwoDevices();
    const before = servers.sink.matching({ to: user.email }).length;

    const response = await changePassword(user.accessToken, {
      currentPassword: `${user.password} but wrong`,
      newPassword: passphrase(),
    });

    expectProblem(response, 400, 'INVALID_CURRENT_PASSWORD');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
    expectStatus(await me(other.accessToken), 200);
    expectStatus(await login(user.email, user.password), 200);
    await servers.sink.waitForQuiet(500);
    expect(servers.sink.matching({ to: user.email })).toHaveLength(before);
  });

  it.each([
    ['too short', () => 'short but mine'],
    ['common', () => 'passwordpassword'],
    ['containing the address', (email: string) => `${email} rules`],
    ['over 72 bytes', () => 'ü'.repeat(37)],
  ])('refuses a new password that is %s with 400 VALIDATION_FAILED on newPassword', async (_label, make) => {
    const { user, other } = await userWithTwoDevices();

    const response = await changePassword(user.accessToken, {
      currentPassword: user.password,
      newPassword: make(user.email),
    });

    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'newPassword' })]);
    expectStatus(await me(other.accessToken), 200);
    expectStatus(await login(user.email, user.password), 200);
  });

  it.each([
    ['no body', undefined, 'newPassword'],
    ['a null current password', { currentPassword: null, newPassword: passphrase() }, 'currentPassword'],
    ['a missing new password', { currentPassword: 'whatever it was' }, 'newPassword'],
    ['an unknown field', { currentPassword: 'x', newPassword: 'y', logoutOthers: false }, 'logoutOthers'],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_label, body, field) => {
    const { user } = await userWithTwoDevices();
    const response = await changePassword(user.accessToken, body);
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(response.body.errors).toContainEqual(expect.objectContaining({ field }));
  });

  it('refuses a request without a session with 401', async () => {
    const body = { currentPassword: 'lantern quietly orbiting plums', newPassword: passphrase() };
    expectProblem(await changePassword(undefined, body), 401, 'UNAUTHENTICATED');
  });
});
