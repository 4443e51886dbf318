import {
  confirmationMail,
  expectPasswordNow,
  expectProblem,
  expectSessionEnded,
  expectStatus,
  extractLink,
  forgotPassword,
  LINK_PATHS,
  loginAs,
  passphrase,
  postPasswordReset,
  signedInUser,
  SignedInUser,
  uniqueEmail,
  UserProfile,
  useServers,
} from './support';

const EXPIRE_CANCEL_LINK = `UPDATE one_time_tokens SET expires_at = now() - interval '1 second'
  WHERE purpose = 'cancel-email-change' AND consumed_at IS NULL
    AND user_id = (SELECT id FROM users WHERE email = $1) RETURNING id`;

/**
 * Someone who knows the password asks to move the account to their own address: the owner's way out is the
 * "this wasn't me" link in the notice, or a password reset or change, and each must kill the pending link.
 */
describe('a pending email change and the owner taking the account back', () => {
  const servers = useServers();
  const app = () => servers.app;
  const confirm = (token: string) =>
    app().client.post<{ user: UserProfile }>('/auth/email/confirm', { token });
  const cancel = (body: unknown) => app().client.post('/auth/email/change/cancel', body);
  const me = (token: string) => app().client.get<UserProfile>('/users/me', { token });

  /** The owner, and a second session opened with the same password by whoever asks for the change. */
  async function ownerAndIntruder() {
    const owner = await signedInUser(app(), servers.sink);
    const intruder = await loginAs(app(), owner);
    return { owner, intruder };
  }

  /** The intruder asks to move the account to a new address; returns it and the change link's token. */
  async function requestChange(owner: SignedInUser, intruderToken: string) {
    const newEmail = uniqueEmail('thief');
    const body = { newEmail, currentPassword: owner.password };
    expectStatus(await app().client.post('/users/me/email', body, { token: intruderToken }), 202);
    const changeMail = await confirmationMail(app(), servers.sink, newEmail);
    return { newEmail, changeToken: extractLink(changeMail, app().publicUrl, LINK_PATHS.confirmEmail) };
  }

  /** The token of the "this wasn't me" link in the notice to the owner's address about `newEmail`. */
  async function cancelTokenFor(owner: SignedInUser, newEmail: string): Promise<string> {
    const notice = await servers.sink.waitForMail({ to: owner.email, containing: newEmail });
    return extractLink(notice, app().publicUrl, LINK_PATHS.cancelEmailChange);
  }

  it.each(['link', 'code'] as const)(
    'a password reset (by %s) kills the change link mailed before it',
    async (proof) => {
      const { owner, intruder } = await ownerAndIntruder();
      const { changeToken } = await requestChange(owner, intruder.accessToken);
      const newPassword = passphrase();

      const reset = await forgotPassword(app(), servers.sink, owner.email);
      const body = proof === 'link' ? { token: reset.token } : { email: owner.email, code: reset.code };
      expectStatus(await postPasswordReset(app(), { ...body, newPassword }), 204);

      expectProblem(await confirm(changeToken), 400, 'INVALID_TOKEN');
      await expectPasswordNow(app(), owner.email, { previous: owner.password, current: newPassword });
    },
  );

  it('a password change kills the change link mailed before it', async () => {
    const { owner, intruder } = await ownerAndIntruder();
    const { changeToken } = await requestChange(owner, intruder.accessToken);

    const change = { currentPassword: owner.password, newPassword: passphrase() };
    expectStatus(await app().client.put('/users/me/password', change, { token: owner.accessToken }), 204);

    expectProblem(await confirm(changeToken), 400, 'INVALID_TOKEN');
    expect((await me(owner.accessToken)).body.email).toBe(owner.email);
    await expectSessionEnded(app(), intruder);
  });

  it('the cancel link kills the change and ends every session; it works once', async () => {
    const { owner, intruder } = await ownerAndIntruder();
    const { newEmail, changeToken } = await requestChange(owner, intruder.accessToken);
    const cancelToken = await cancelTokenFor(owner, newEmail);

    expectStatus(await cancel({ token: cancelToken }), 204);

    expectProblem(await confirm(changeToken), 400, 'INVALID_TOKEN');
    await expectSessionEnded(app(), intruder);
    await expectSessionEnded(app(), owner);
    expectProblem(await cancel({ token: cancelToken }), 400, 'INVALID_TOKEN');
    // The address stays; the password too, until its owner resets it as the page tells them to.
    expect((await loginAs(app(), owner)).user.email).toBe(owner.email);
  });

  it('a cancel token cannot confirm, and a change token cannot cancel', async () => {
    const { owner, intruder } = await ownerAndIntruder();
    const { newEmail, changeToken } = await requestChange(owner, intruder.accessToken);
    const cancelToken = await cancelTokenFor(owner, newEmail);

    expectProblem(await confirm(cancelToken), 400, 'INVALID_TOKEN');
    expectProblem(await cancel({ token: changeToken }), 400, 'INVALID_TOKEN');

    // Neither attempt spent anything: both links still do their own job.
    expectStatus(await me(intruder.accessToken), 200);
    const confirmed = await confirm(changeToken);
    expectStatus(confirmed, 200);
    expect(confirmed.body.user.email).toBe(newEmail);
  });

  it('refuses an expired cancel link, an unknown token and a body without a token', async () => {
    const { owner, intruder } = await ownerAndIntruder();
    const { newEmail } = await requestChange(owner, intruder.accessToken);
    const cancelToken = await cancelTokenFor(owner, newEmail);
    expect(await app().editDatabase((sql) => sql(EXPIRE_CANCEL_LINK, [owner.email]))).toHaveLength(1);

    expectProblem(await cancel({ token: cancelToken }), 400, 'INVALID_TOKEN');
    expectProblem(await cancel({ token: 'not-a-token-we-mailed' }), 400, 'INVALID_TOKEN');
    expectProblem(await cancel({}), 400, 'VALIDATION_FAILED');
    expectProblem(await cancel({ token: 42 }), 400, 'VALIDATION_FAILED');
  });
});
