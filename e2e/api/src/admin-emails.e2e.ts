import {
  confirmFromMail,
  confirmationMail,
  expectProblem,
  expectSessionEnded,
  expectStatus,
  extractLink,
  forgotPassword,
  LINK_PATHS,
  listUsers,
  loginAs,
  passphrase,
  postPasswordReset,
  requestSignUp,
  signedInAdmin,
  signedInUser,
  signUp,
  uniqueEmail,
  updateUser,
  UserProfile,
  useServers,
} from './support';

const OWNER_EMAIL = uniqueEmail('owner');
const MOVE_TARGET_EMAIL = uniqueEmail('move-target');
const CODE_EMAIL = uniqueEmail('by-code');
const DEMOTED_EMAIL = uniqueEmail('demoted');
const APPOINTER_EMAIL = uniqueEmail('appointer');

/** Another reset mail to the address within the minute would be capped. */
const FORGET_MAIL_CAP = `DELETE FROM mail_caps WHERE address = $1 RETURNING address`;

/**
 * ADMIN_EMAILS names who should become admin, but anyone may sign up with such an address and choose the
 * password. Only the mailbox owner setting the password through a reset link promotes the account.
 */
describe('addresses listed in ADMIN_EMAILS', () => {
  const servers = useServers({
    env: {
      ADMIN_EMAILS: [OWNER_EMAIL, MOVE_TARGET_EMAIL, CODE_EMAIL, DEMOTED_EMAIL, APPOINTER_EMAIL].join(','),
    },
  });
  const app = () => servers.app;
  const me = (token: string) => app().client.get<UserProfile>('/users/me', { token });
  const login = (email: string, password: string) => app().client.post('/auth/login', { email, password });

  /** The mailbox owner of `email` resets the password by the mailed link; returns the new password. */
  async function resetByLink(email: string, { again = false } = {}): Promise<string> {
    if (again) await app().editDatabase((sql) => sql(FORGET_MAIL_CAP, [email]));
    const password = passphrase();
    const { token } = await forgotPassword(app(), servers.sink, email);
    expectStatus(await postPasswordReset(app(), { token, newPassword: password }), 204);
    return password;
  }

  it('an account pre-registered by someone else stays a user when the owner confirms it', async () => {
    const attacker = await signUp(app(), servers.sink, { email: OWNER_EMAIL });
    const attackerSession = await loginAs(app(), attacker);

    const confirmed = await confirmFromMail(app(), attacker.mail); // the owner opens the mail

    expect(confirmed).toMatchObject({ emailConfirmed: true, role: 'user' });
    expect((await me(attackerSession.accessToken)).body.role).toBe('user');
    expectProblem(await listUsers(app(), attackerSession.accessToken), 403, 'FORBIDDEN');
    const freshLogin = await loginAs(app(), attacker);
    expect(freshLogin.user.role).toBe('user');
    expectProblem(await listUsers(app(), freshLogin.accessToken), 403, 'FORBIDDEN');
    // The mail told the owner how to finish becoming admin.
    expect(attacker.mail.text).toContain(`${app().publicUrl}/forgot-password`);
    expect(attacker.mail.text).toContain('administrator');

    // The owner sets the password through the reset link: admin now, and the attacker is out.
    const ownerPassword = await resetByLink(OWNER_EMAIL);

    await expectSessionEnded(app(), attackerSession);
    await expectSessionEnded(app(), freshLogin);
    expectProblem(await login(OWNER_EMAIL, attacker.password), 401, 'INVALID_CREDENTIALS');
    const owner = await loginAs(app(), { email: OWNER_EMAIL, password: ownerPassword });
    expect(owner.user).toMatchObject({ role: 'admin', approved: true });
    expectStatus(await listUsers(app(), owner.accessToken), 200);
  });

  it('moving an account to a listed address never promotes it', async () => {
    const mover = await signedInUser(app(), servers.sink);
    const change = { newEmail: MOVE_TARGET_EMAIL, currentPassword: mover.password };
    expectStatus(await app().client.post('/users/me/email', change, { token: mover.accessToken }), 202);
    const link = await confirmationMail(app(), servers.sink, MOVE_TARGET_EMAIL);

    const confirmed = await app().client.post<{ user: UserProfile }>('/auth/email/confirm', {
      token: extractLink(link, app().publicUrl, LINK_PATHS.confirmEmail),
    });

    expectStatus(confirmed, 200);
    expect(confirmed.body.user).toMatchObject({ email: MOVE_TARGET_EMAIL, role: 'user' });
    expectProblem(await listUsers(app(), mover.accessToken), 403, 'FORBIDDEN');
    expect((await loginAs(app(), { email: MOVE_TARGET_EMAIL, password: mover.password })).user.role).toBe(
      'user',
    );
  });

  it('a reset by the mailed code does not promote: six digits can be guessed', async () => {
    await signUp(app(), servers.sink, { email: CODE_EMAIL });
    const { code } = await forgotPassword(app(), servers.sink, CODE_EMAIL);
    const newPassword = passphrase();

    expectStatus(await postPasswordReset(app(), { email: CODE_EMAIL, code, newPassword }), 204);

    expect((await loginAs(app(), { email: CODE_EMAIL, password: newPassword })).user.role).toBe('user');
  });

  it('once demoted, an address is not promoted again: not by a reset, not by signing up anew', async () => {
    const appointer = await signedInAdmin(app(), servers.sink, APPOINTER_EMAIL);
    const demoted = await signedInAdmin(app(), servers.sink, DEMOTED_EMAIL);
    const demotion = await updateUser(app(), appointer.accessToken, demoted.user.id, { role: 'user' });
    expectStatus(demotion, 200);
    expect(demotion.body.role).toBe('user');

    const secondPassword = await resetByLink(DEMOTED_EMAIL, { again: true });
    const afterReset = await loginAs(app(), { email: DEMOTED_EMAIL, password: secondPassword });
    expect(afterReset.user.role).toBe('user');

    const deletion = { currentPassword: secondPassword };
    expectStatus(await app().client.delete('/users/me', deletion, { token: afterReset.accessToken }), 204);
    await requestSignUp(app(), { email: DEMOTED_EMAIL }); // the reset link confirms it too
    const thirdPassword = await resetByLink(DEMOTED_EMAIL, { again: true });
    expect((await loginAs(app(), { email: DEMOTED_EMAIL, password: thirdPassword })).user.role).toBe('user');
  });
});
