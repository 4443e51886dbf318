import { randomBytes, randomUUID } from 'node:crypto';
import {
  AdminUser,
  expectProblem,
  expectStatus,
  listUsers,
  loginAs,
  signedInAdmin,
  signedInUser,
  SignedInUser,
  uniqueEmail,
  updateUser,
  usersPage,
  useServers,
} from './support';

const ADMIN_EMAIL = uniqueEmail('admin');

describe('admin users API', () => {
  const servers = useServers({ env: { ADMIN_EMAILS: ADMIN_EMAIL } });
  const app = () => servers.app;
  let admin: SignedInUser;

  beforeAll(async () => {
    admin = await signedInAdmin(app(), servers.sink, ADMIN_EMAIL);
  });

  /** A label only this test's accounts carry in their address, so a search returns exactly them. */
  const newTag = () => `tag${randomBytes(4).toString('hex')}`;
  const ids = (items: AdminUser[]) => items.map((item) => item.id);

  describe('GET /admin/users', () => {
    it('refuses guests with 401 and every non-admin with 403 FORBIDDEN', async () => {
      const confirmed = await signedInUser(app(), servers.sink);
      const unconfirmed = await signedInUser(app(), servers.sink, { confirmed: false });

      expectProblem(await listUsers(app(), undefined), 401, 'UNAUTHENTICATED');
      expectProblem(await listUsers(app(), confirmed.accessToken), 403, 'FORBIDDEN');
      expectProblem(await listUsers(app(), unconfirmed.accessToken), 403, 'FORBIDDEN');
    });

    it('lists accounts newest first, each with its state', async () => {
      const older = await signedInUser(app(), servers.sink, { confirmed: false });
      const newer = await signedInUser(app(), servers.sink);

      const page = await usersPage(app(), admin.accessToken, { pageSize: 100 });

      expect(ids(page.items.slice(0, 2))).toEqual([newer.user.id, older.user.id]);
      expect(page.items[0]).toEqual({
        id: newer.user.id,
        email: newer.email,
        nickname: newer.user.nickname,
        avatarUrl: newer.user.avatarUrl,
        role: 'user',
        emailConfirmed: true,
        approved: true, // this server does not require approval
        mfaEnabled: false,
        disabled: false,
        createdAt: newer.user.createdAt,
      });
      expect(page.items[1].emailConfirmed).toBe(false);
      expect(page.items.find((item) => item.email === ADMIN_EMAIL)?.role).toBe('admin');
      expect(page).toMatchObject({ page: 1, pageSize: 100 });
      expect(page.total).toBe(page.items.length); // fewer than 100 accounts exist
    });

    it('searches email and nickname as substrings in any case', async () => {
      const tag = newTag();
      const byEmail = await signedInUser(app(), servers.sink, { email: uniqueEmail(tag) });
      const byNickname = await signedInUser(app(), servers.sink, { nickname: `Nick-${tag}` });
      await signedInUser(app(), servers.sink);

      const byEmailPage = await usersPage(app(), admin.accessToken, { search: tag.toUpperCase() });
      expect(ids(byEmailPage.items).sort()).toEqual([byEmail.user.id, byNickname.user.id].sort());
      expect(byEmailPage.total).toBe(2);

      const part = await usersPage(app(), admin.accessToken, { search: `K-${tag.slice(0, 6)}` });
      expect(ids(part.items)).toEqual([byNickname.user.id]);
    });

    it('matches % and _ in the search only as themselves', async () => {
      const tag = newTag();
      const underscore = await signedInUser(app(), servers.sink, { nickname: `snow_${tag}` });
      await signedInUser(app(), servers.sink, { nickname: `snowy${tag}` });

      expect(ids((await usersPage(app(), admin.accessToken, { search: `snow_${tag}` })).items)).toEqual([
        underscore.user.id,
      ]);
      expect(await usersPage(app(), admin.accessToken, { search: `snow%${tag}` })).toMatchObject({
        items: [],
        total: 0,
      });
    });

    it('filters by state: unconfirmed, active, disabled, admin; nobody is pending without REQUIRE_APPROVAL', async () => {
      const tag = newTag();
      const unconfirmed = await signedInUser(app(), servers.sink, {
        email: uniqueEmail(tag),
        confirmed: false,
      });
      const active = await signedInUser(app(), servers.sink, { email: uniqueEmail(tag) });
      const disabled = await signedInUser(app(), servers.sink, { email: uniqueEmail(tag) });
      const promoted = await signedInUser(app(), servers.sink, { email: uniqueEmail(tag) });
      expectStatus(await updateUser(app(), admin.accessToken, disabled.user.id, { disabled: true }), 200);
      expectStatus(await updateUser(app(), admin.accessToken, promoted.user.id, { role: 'admin' }), 200);

      const inState = async (state: string) =>
        ids((await usersPage(app(), admin.accessToken, { search: tag, state })).items).sort();

      expect(await inState('unconfirmed')).toEqual([unconfirmed.user.id]);
      expect(await inState('active')).toEqual([active.user.id, promoted.user.id].sort());
      expect(await inState('disabled')).toEqual([disabled.user.id]);
      expect(await inState('admin')).toEqual([promoted.user.id]);
      expect(await inState('pending')).toEqual([]);
      expectStatus(await updateUser(app(), admin.accessToken, promoted.user.id, { role: 'user' }), 200);
    });

    it('pages through the results with the total of all pages', async () => {
      const tag = newTag();
      const created: SignedInUser[] = [];
      for (let i = 0; i < 3; i++)
        created.push(await signedInUser(app(), servers.sink, { email: uniqueEmail(tag) }));
      const newestFirst = created.map((user) => user.user.id).reverse();

      const first = await usersPage(app(), admin.accessToken, { search: tag, pageSize: 2 });
      const second = await usersPage(app(), admin.accessToken, { search: tag, pageSize: 2, page: 2 });
      const beyond = await usersPage(app(), admin.accessToken, { search: tag, pageSize: 2, page: 3 });

      expect(first).toMatchObject({ page: 1, pageSize: 2, total: 3 });
      expect([...ids(first.items), ...ids(second.items)]).toEqual(newestFirst);
      expect(second).toMatchObject({ page: 2, pageSize: 2, total: 3 });
      expect(beyond).toMatchObject({ items: [], page: 3, total: 3 });
    });

    it.each([
      ['pageSize over 100', { pageSize: 101 }, 'pageSize'],
      ['pageSize 0', { pageSize: 0 }, 'pageSize'],
      ['page 0', { page: 0 }, 'page'],
      ['a page that is no number', { page: 'two' }, 'page'],
      ['an unknown state', { state: 'banned' }, 'state'],
      ['a search over 320 characters', { search: 'x'.repeat(321) }, 'search'],
      ['an unknown parameter', { role: 'admin' }, 'role'],
    ])('refuses %s with 400 VALIDATION_FAILED naming the field', async (_label, query, field) => {
      const response = await listUsers(app(), admin.accessToken, query);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors?.map((error) => error.field)).toContain(field);
    });
  });

  describe('PATCH /admin/users/:id', () => {
    it('refuses guests with 401 and non-admins with 403 FORBIDDEN, changing nothing', async () => {
      const target = await signedInUser(app(), servers.sink);
      const other = await signedInUser(app(), servers.sink);

      expectProblem(
        await updateUser(app(), undefined, target.user.id, { disabled: true }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await updateUser(app(), other.accessToken, target.user.id, { disabled: true }),
        403,
        'FORBIDDEN',
      );
      expectProblem(
        await updateUser(app(), target.accessToken, target.user.id, { role: 'admin' }),
        403,
        'FORBIDDEN',
      );

      expectStatus(await app().client.get('/users/me', { token: target.accessToken }), 200);
      const [listed] = (await usersPage(app(), admin.accessToken, { search: target.email })).items;
      expect(listed).toMatchObject({ role: 'user', disabled: false });
    });

    it.each([randomUUID(), 'not-a-uuid', '1'])('answers 404 NOT_FOUND for the unknown id %s', async (id) => {
      expectProblem(await updateUser(app(), admin.accessToken, id, { approved: true }), 404, 'NOT_FOUND');
    });

    it.each([
      [{ approved: 'yes' }, 'approved'],
      [{ disabled: null }, 'disabled'],
      [{ disabled: 1 }, 'disabled'],
      [{ role: 'root' }, 'role'],
      [{ role: 'admin', email: 'x@example.com' }, 'email'],
    ])('refuses the body %j with 400 VALIDATION_FAILED and changes nothing', async (body, field) => {
      const target = await signedInUser(app(), servers.sink);

      const response = await updateUser(app(), admin.accessToken, target.user.id, body);

      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors?.map((error) => error.field)).toContain(field);
      const [listed] = (await usersPage(app(), admin.accessToken, { search: target.email })).items;
      expect(listed).toMatchObject({ email: target.email, role: 'user', disabled: false });
    });

    it('disabling ends the sessions at once and login gets the generic 401; enabling lets the user back in', async () => {
      const target = await signedInUser(app(), servers.sink);
      const wrongPassword = await app().client.post('/auth/login', {
        email: target.email,
        password: 'x'.repeat(20),
      });

      const disabled = await updateUser(app(), admin.accessToken, target.user.id, { disabled: true });

      expectStatus(disabled, 200);
      expect(disabled.body).toMatchObject({ id: target.user.id, disabled: true });
      expectProblem(
        await app().client.get('/users/me', { token: target.accessToken }),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(
        await app().client.post('/auth/refresh', { refreshToken: target.refreshToken }),
        401,
        'INVALID_REFRESH_TOKEN',
      );
      const login = await app().client.post('/auth/login', {
        email: target.email,
        password: target.password,
      });
      expectProblem(login, 401, 'INVALID_CREDENTIALS');
      expect(login.body.detail).toBe(wrongPassword.body.detail); // nothing tells a disabled account apart

      const enabled = await updateUser(app(), admin.accessToken, target.user.id, { disabled: false });
      expectStatus(enabled, 200);
      expect(enabled.body.disabled).toBe(false);
      const again = await loginAs(app(), target);
      expectStatus(await app().client.get('/users/me', { token: again.accessToken }), 200);
    });

    it('appointing an admin lets the same token into the admin API at once; stepping down takes it away', async () => {
      const target = await signedInUser(app(), servers.sink);

      const promoted = await updateUser(app(), admin.accessToken, target.user.id, { role: 'admin' });
      expectStatus(promoted, 200);
      expect(promoted.body).toMatchObject({ role: 'admin', approved: true });
      expectStatus(await listUsers(app(), target.accessToken), 200);
      const me = await app().client.get('/users/me', { token: target.accessToken });
      expect(me.body.role).toBe('admin');

      // With two admins, either may step down.
      expectStatus(await updateUser(app(), target.accessToken, target.user.id, { role: 'user' }), 200);
      expectProblem(await listUsers(app(), target.accessToken), 403, 'FORBIDDEN');
    });

    it('approving sends no mail while the server does not require approval', async () => {
      const target = await signedInUser(app(), servers.sink);

      const approved = await updateUser(app(), admin.accessToken, target.user.id, { approved: true });

      expectStatus(approved, 200);
      expect(approved.body.approved).toBe(true);
      await servers.sink.waitForQuiet(1500);
      expect(servers.sink.matching({ to: target.email, subject: /approved/i })).toEqual([]);
    });

    it('an empty change answers the account as it is', async () => {
      const target = await signedInUser(app(), servers.sink);
      const response = await updateUser(app(), admin.accessToken, target.user.id, {});
      expectStatus(response, 200);
      expect(response.body).toMatchObject({ id: target.user.id, role: 'user', disabled: false });
    });
  });
});

describe('the last admin', () => {
  const servers = useServers({ env: { ADMIN_EMAILS: ADMIN_EMAIL } });
  const app = () => servers.app;

  it('cannot step down or disable themself (409 LAST_ADMIN) until another admin exists', async () => {
    const admin = await signedInAdmin(app(), servers.sink, ADMIN_EMAIL);
    const self = admin.user.id;

    expectProblem(await updateUser(app(), admin.accessToken, self, { role: 'user' }), 409, 'LAST_ADMIN');
    expectProblem(await updateUser(app(), admin.accessToken, self, { disabled: true }), 409, 'LAST_ADMIN');
    expectStatus(await listUsers(app(), admin.accessToken), 200); // still an admin, still signed in

    const successor = await signedInUser(app(), servers.sink);
    expectStatus(await updateUser(app(), admin.accessToken, successor.user.id, { role: 'admin' }), 200);
    const steppedDown = await updateUser(app(), admin.accessToken, self, { role: 'user' });
    expectStatus(steppedDown, 200);
    expect(steppedDown.body.role).toBe('user');
    expectProblem(await listUsers(app(), admin.accessToken), 403, 'FORBIDDEN');

    // Now the successor is the last one.
    expectProblem(
      await updateUser(app(), successor.accessToken, successor.user.id, { disabled: true }),
      409,
      'LAST_ADMIN',
    );
  });
});
