import {
  expectProblem,
  expectStatus,
  extractLink,
  loginAs,
  signedInAdmin,
  signedInUser,
  SignedInUser,
  signUp,
  uniqueEmail,
  updateUser,
  UserProfile,
  usersPage,
  useServers,
} from './support';

const ADMIN_EMAIL = uniqueEmail('admin');
const APPROVAL_SUBJECT = /approved/i;

describe('REQUIRE_APPROVAL=true', () => {
  const servers = useServers({ env: { REQUIRE_APPROVAL: 'true', ADMIN_EMAILS: ADMIN_EMAIL } });
  const app = () => servers.app;
  let admin: SignedInUser;

  beforeAll(async () => {
    admin = await signedInAdmin(app(), servers.sink, ADMIN_EMAIL);
  });

  const gallery = (token: string) => app().client.get('/images', { token });
  const me = async (token: string) => {
    const response = await app().client.get<UserProfile>('/users/me', { token });
    expectStatus(response, 200);
    return response.body;
  };
  const idsInState = async (state: string, search: string) =>
    (await usersPage(app(), admin.accessToken, { state, search })).items.map((item) => item.id);

  it('keeps a confirmed account out of the product until an admin approves it; then the same token gets in and the mail arrives', async () => {
    const user = await signedInUser(app(), servers.sink);
    expect(user.user).toMatchObject({ emailConfirmed: true, approved: false });
    expectProblem(await gallery(user.accessToken), 403, 'ACCOUNT_PENDING_APPROVAL');
    expect(await idsInState('pending', user.email)).toEqual([user.user.id]);

    const approved = await updateUser(app(), admin.accessToken, user.user.id, { approved: true });

    expectStatus(approved, 200);
    expect(approved.body).toMatchObject({ id: user.user.id, approved: true, emailConfirmed: true });
    expectStatus(await gallery(user.accessToken), 200);
    expect((await me(user.accessToken)).approved).toBe(true);
    expect(await idsInState('pending', user.email)).toEqual([]);
    expect(await idsInState('active', user.email)).toEqual([user.user.id]);

    const mail = await servers.sink.waitForMail({ to: user.email, subject: APPROVAL_SUBJECT });
    expect(mail.text).toContain(user.user.nickname);
    expect(mail.text).toContain(`${app().publicUrl}/login`);
    expect(mail.html).toContain(`href="${app().publicUrl}/login"`);
  });

  it('lets the admin from ADMIN_EMAILS in without an approval', async () => {
    expect(await me(admin.accessToken)).toMatchObject({ role: 'admin', approved: true });
    expectStatus(await gallery(admin.accessToken), 200);
  });

  it('lists an unconfirmed account as unconfirmed, and an approval does not excuse the confirmation', async () => {
    const account = await signUp(app(), servers.sink);
    const { user, accessToken } = await loginAs(app(), account);
    expect(await idsInState('unconfirmed', account.email)).toEqual([user.id]);
    expect(await idsInState('pending', account.email)).toEqual([]);

    expectStatus(await updateUser(app(), admin.accessToken, user.id, { approved: true }), 200);

    expectProblem(await gallery(accessToken), 403, 'EMAIL_NOT_CONFIRMED');
    await servers.sink.waitForMail({ to: account.email, subject: APPROVAL_SUBJECT });
    expect(extractLink(account.mail, app().publicUrl, 'confirm-email')).toBe(account.confirmToken);
  });

  it('taking the approval back holds the account back again at its next request, without another mail', async () => {
    const user = await signedInUser(app(), servers.sink);
    expectStatus(await updateUser(app(), admin.accessToken, user.user.id, { approved: true }), 200);
    await servers.sink.waitForMail({ to: user.email, subject: APPROVAL_SUBJECT });
    expectStatus(await gallery(user.accessToken), 200);

    const revoked = await updateUser(app(), admin.accessToken, user.user.id, { approved: false });

    expectStatus(revoked, 200);
    expect(revoked.body.approved).toBe(false);
    expectProblem(await gallery(user.accessToken), 403, 'ACCOUNT_PENDING_APPROVAL');
    expect(await idsInState('pending', user.email)).toEqual([user.user.id]);
    await servers.sink.waitForQuiet(1500);
    expect(servers.sink.matching({ to: user.email, subject: APPROVAL_SUBJECT })).toHaveLength(1);
  });

  it('an approved user appointed admin and stepping down again stays approved', async () => {
    const user = await signedInUser(app(), servers.sink);
    expectStatus(await updateUser(app(), admin.accessToken, user.user.id, { role: 'admin' }), 200);
    expectStatus(await gallery(user.accessToken), 200);

    expectStatus(await updateUser(app(), admin.accessToken, user.user.id, { role: 'user' }), 200);

    expect(await me(user.accessToken)).toMatchObject({ role: 'user', approved: true });
    expectStatus(await gallery(user.accessToken), 200);
  });
});
