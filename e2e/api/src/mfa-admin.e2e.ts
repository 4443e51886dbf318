import {
  AdminUser,
  authenticatorFor,
  enrolTotp,
  expectProblem,
  expectStatus,
  loginToSecondStep,
  registerPasskey,
  signedInAdmin,
  signedInUser,
  SignedInUser,
  uniqueEmail,
  updateUser,
  useServers,
  verifyMfa,
} from './support';

const ADMIN_EMAIL = uniqueEmail('admin');

describe('two-step verification: the admin’s reset (PATCH /admin/users/:id {resetMfa})', () => {
  const servers = useServers({ env: { ADMIN_EMAILS: ADMIN_EMAIL } });
  const app = () => servers.app;
  let admin: SignedInUser;
  const reset = (id: string, token = admin.accessToken, change: unknown = { resetMfa: true }) =>
    updateUser(app(), token, id, change);

  beforeAll(async () => {
    admin = await signedInAdmin(app(), servers.sink, ADMIN_EMAIL);
  });

  it('turns it off for someone who lost every factor, mailing them; they then sign in with the password', async () => {
    const user = await signedInUser(app(), servers.sink);
    await enrolTotp(app(), user.accessToken);
    const pending = await loginToSecondStep(app(), user);

    const response = await reset(user.user.id);

    expectStatus(response, 200);
    expect(response.body as unknown as AdminUser).toMatchObject({ id: user.user.id, mfaEnabled: false });
    const notice = await servers.sink.waitForMail({
      to: user.email,
      subject: /two-step verification is off/i,
    });
    expect(notice.text).toMatch(/An administrator turned off/);
    expectProblem(
      await verifyMfa(app(), { mfaToken: pending.mfaToken, code: '123456' }),
      401,
      'INVALID_MFA_TOKEN',
    );
    const login = await app().client.post('/auth/login', { email: user.email, password: user.password });
    expectStatus(login, 200);
    expect(login.body).toMatchObject({ user: { mfaEnabled: false, recoveryCodesLeft: 0 } });
  });

  it('answers 409 TOTP_NOT_ENABLED for an account without it', async () => {
    const user = await signedInUser(app(), servers.sink);

    expectProblem(await reset(user.user.id), 409, 'TOTP_NOT_ENABLED');
  });

  it('is for admins only: 403 FORBIDDEN for a user, even on their own account, 401 for guests', async () => {
    const user = await signedInUser(app(), servers.sink);
    await enrolTotp(app(), user.accessToken);

    expectProblem(await reset(user.user.id, user.accessToken), 403, 'FORBIDDEN');
    expectProblem(await reset(user.user.id, ''), 401, 'UNAUTHENTICATED');
    const me = await app().client.get('/users/me', { token: user.accessToken });
    expect(me.body).toMatchObject({ mfaEnabled: true, recoveryCodesLeft: 10 });
  });

  it('answers 404 for an unknown account and 400 for anything but true', async () => {
    expectProblem(await reset('0b6c3f1e-2d4a-4c8e-9f1a-7e5d3c2b1a09'), 404, 'NOT_FOUND');
    const user = await signedInUser(app(), servers.sink);
    for (const resetMfa of [false, 'true', 1, null, { $ne: false }]) {
      expectProblem(await reset(user.user.id, admin.accessToken, { resetMfa }), 400, 'VALIDATION_FAILED');
    }
  });
});

describe('two-step verification: ADMIN_MFA_REQUIRED', () => {
  const emails = [uniqueEmail('admin-totp'), uniqueEmail('admin-passkey')];
  const servers = useServers({ env: { ADMIN_EMAILS: emails.join(','), ADMIN_MFA_REQUIRED: 'true' } });
  const app = () => servers.app;
  const adminList = (token: string) => app().client.get('/admin/users', { token });

  it('refuses an admin without a second factor with 403 MFA_ENROLLMENT_REQUIRED until TOTP is on', async () => {
    const admin = await signedInAdmin(app(), servers.sink, emails[0]);

    expectProblem(await adminList(admin.accessToken), 403, 'MFA_ENROLLMENT_REQUIRED');
    await enrolTotp(app(), admin.accessToken);

    expectStatus(await adminList(admin.accessToken), 200);
  });

  it('lets an admin with a passkey through', async () => {
    const admin = await signedInAdmin(app(), servers.sink, emails[1]);
    await registerPasskey(app(), admin.accessToken, authenticatorFor(app()));

    expectStatus(await adminList(admin.accessToken), 200);
  });

  it('still answers 403 FORBIDDEN to a user who is no admin, factor or not', async () => {
    const user = await signedInUser(app(), servers.sink);
    await enrolTotp(app(), user.accessToken);

    expectProblem(await adminList(user.accessToken), 403, 'FORBIDDEN');
  });
});
