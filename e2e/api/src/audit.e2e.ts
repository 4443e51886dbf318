import {
  enrolTotp,
  expectProblem,
  expectStatus,
  loginAs,
  signedInAdmin,
  signedInUser,
  SignedInUser,
  uniqueEmail,
  updateUser,
  uploaded,
  useServers,
  waitFor,
} from './support';
import {
  activityOf,
  allPages,
  auditPage,
  getActivity,
  getAudit,
  newestOf,
  typesOf,
} from './support/activity';

const ADMIN_EMAIL = uniqueEmail('auditor');

describe('GET /admin/audit, pagination, retention and deletion', () => {
  // A quick retention sweep, so the test that ages rows sees them go.
  const servers = useServers({ env: { ADMIN_EMAILS: ADMIN_EMAIL, AUDIT_SWEEP_INTERVAL: '300ms' } });
  const app = () => servers.app;
  let admin: SignedInUser;

  beforeAll(async () => {
    admin = await signedInAdmin(app(), servers.sink, ADMIN_EMAIL);
  });

  const adminActor = () => ({ id: admin.user.id, nickname: admin.user.nickname });

  it('records every admin action with the admin as actor, seen by the account and in the audit', async () => {
    const user = await signedInUser(app(), servers.sink);
    await enrolTotp(app(), user.accessToken);
    const id = user.user.id;
    expectStatus(await updateUser(app(), admin.accessToken, id, { role: 'admin' }), 200);
    expectStatus(await updateUser(app(), admin.accessToken, id, { role: 'user', resetMfa: true }), 200);
    expectStatus(await updateUser(app(), admin.accessToken, id, { approved: false }), 200);
    expectStatus(await updateUser(app(), admin.accessToken, id, { approved: true }), 200);
    // Repeating the state changes nothing and records nothing.
    expectStatus(await updateUser(app(), admin.accessToken, id, { approved: true }), 200);
    expectStatus(await updateUser(app(), admin.accessToken, id, { disabled: true }), 200);
    expectStatus(await updateUser(app(), admin.accessToken, id, { disabled: false }), 200);

    const audit = await auditPage(app(), admin.accessToken, { userId: id, limit: 100 });

    expect(typesOf(audit.items).slice(0, 8)).toEqual([
      'admin.user_enabled',
      'admin.user_disabled',
      'admin.user_approved',
      'admin.user_approved',
      'admin.mfa_reset',
      'admin.role_changed',
      'admin.role_changed',
      'account.mfa_enabled',
    ]);
    for (const item of audit.items.slice(0, 7)) {
      expect(item.actor).toEqual(adminActor());
      expect(item.subject).toEqual({ id, nickname: user.user.nickname });
    }
    expect(audit.items[2].details).toEqual({ approved: true });
    expect(audit.items[3].details).toEqual({ approved: false });
    expect(audit.items[5].details).toEqual({ role: 'user' });
    expect(audit.items[6].details).toEqual({ role: 'admin' });
    expect(audit.items[7].actor).toBeNull();

    const again = await loginAs(app(), user);
    const own = await activityOf(app(), again.accessToken);
    expect(newestOf(own, 'admin.user_enabled').actor).toEqual(adminActor());
    expect(own[0]).not.toHaveProperty('subject');
  });

  it('records image moderation with the admin as actor and the owner as subject', async () => {
    const owner = await signedInUser(app(), servers.sink);
    const image = await uploaded(app(), owner.accessToken);
    const patch = await app().client.patch(
      `/images/${image.id}`,
      { onAir: false },
      { token: admin.accessToken },
    );
    expectStatus(patch, 200);
    expectStatus(
      await app().client.delete(`/images/${image.id}`, undefined, { token: admin.accessToken }),
      204,
    );

    const own = await activityOf(app(), owner.accessToken);

    expect(typesOf(own).slice(0, 2)).toEqual(['admin.image_deleted', 'admin.image_updated']);
    expect(own[0]).toMatchObject({ actor: adminActor(), details: { imageId: image.id } });
    expect(own[1]).toMatchObject({ actor: adminActor(), details: { imageId: image.id, fields: 'onAir' } });
  });

  it('pages through the cursor: every row once, in order, and the last page says so', async () => {
    const user = await signedInUser(app(), servers.sink);
    for (let index = 0; index < 4; index += 1) await loginAs(app(), user);
    const everything = await activityOf(app(), user.accessToken);
    expect(everything).toHaveLength(7);

    const { items, pages } = await allPages(async (cursor) => {
      const response = await getActivity(app(), user.accessToken, { limit: 2, cursor });
      expectStatus(response, 200);
      return response.body;
    });

    expect(pages).toBe(4);
    expect(items.map((item) => item.id)).toEqual(everything.map((item) => item.id));
    const audit = await allPages((cursor) =>
      auditPage(app(), admin.accessToken, { userId: user.user.id, limit: 3, cursor }),
    );
    expect(audit.items.map((item) => item.id)).toEqual(everything.map((item) => item.id));
  });

  it('refuses a garbled or forged cursor with 400 INVALID_CURSOR', async () => {
    const user = await signedInUser(app(), servers.sink);
    const forged = (text: string) => Buffer.from(text).toString('base64url');
    const cursors = [
      'not a cursor',
      'AAAA',
      forged('2026-02-31T00:00:00.000000Z 3fa85f64-5717-4562-b3fc-2c963f66afa6'),
      forged('2026-01-01T00:00:00.000000Z not-a-uuid'),
      forged(`2026-01-01T00:00:00.000000Z ${'3fa85f64-5717-4562-b3fc-2c963f66afa6'} extra`),
      forged("2026-01-01T00:00:00.000000Z'; DROP TABLE users; --"),
    ];
    for (const cursor of cursors) {
      const response = await getActivity(app(), user.accessToken, { cursor });
      expect([cursor, response.status]).toEqual([cursor, 400]);
      expect(['INVALID_CURSOR', 'VALIDATION_FAILED']).toContain((response.body as { code?: string }).code);
    }
    expectProblem(await getActivity(app(), user.accessToken, { cursor: 'AAAA' }), 400, 'INVALID_CURSOR');
  });

  it('filters the audit by account, type and time', async () => {
    const user = await signedInUser(app(), servers.sink);
    const other = await signedInUser(app(), servers.sink);
    await loginAs(app(), user);

    const byUser = await auditPage(app(), admin.accessToken, { userId: user.user.id, limit: 100 });
    expect(byUser.items.every((item) => item.subject?.id === user.user.id)).toBe(true);
    expect(byUser.items).toHaveLength(4);

    const signIns = await auditPage(app(), admin.accessToken, {
      userId: user.user.id,
      type: 'auth.signed_in',
    });
    expect(typesOf(signIns.items)).toEqual(['auth.signed_in', 'auth.signed_in']);

    const newest = byUser.items[0].occurredAt;
    const upToNewest = await auditPage(app(), admin.accessToken, { userId: user.user.id, to: newest });
    expect(upToNewest.items.map((item) => item.id)).toEqual(byUser.items.slice(1).map((item) => item.id));
    const fromNewest = await auditPage(app(), admin.accessToken, { userId: user.user.id, from: newest });
    expect(fromNewest.items.map((item) => item.id)).toEqual([byUser.items[0].id]);
    const future = await auditPage(app(), admin.accessToken, { from: '2999-01-01' });
    expect(future).toEqual({ items: [], nextCursor: null });

    const otherOnly = await auditPage(app(), admin.accessToken, { userId: other.user.id, limit: 100 });
    expect(otherOnly.items.every((item) => item.subject?.id === other.user.id)).toBe(true);
  });

  it('is for admins only: 401 for guests, 403 for everyone else', async () => {
    const user = await signedInUser(app(), servers.sink);
    expectProblem(await getAudit(app(), undefined), 401, 'UNAUTHENTICATED');
    expectProblem(await getAudit(app(), user.accessToken), 403, 'FORBIDDEN');
    expectProblem(await getAudit(app(), user.accessToken, { userId: user.user.id }), 403, 'FORBIDDEN');
  });

  it('answers bad filters with 400, never 500', async () => {
    const bad: Record<string, string>[] = [
      { limit: '1000' },
      { limit: '0' },
      { limit: '-1' },
      { limit: '1e3' },
      { limit: '99999999999999999999999' },
      { type: 'auth.signed_in\uD800' },
      { type: 'no.such_type' },
      { userId: 'not-a-uuid' },
      { from: '2026-02-31' },
      { from: '2026-W01-1' },
      { to: 'yesterday' },
      { cursor: 'x'.repeat(10_000) },
    ];
    for (const params of bad) {
      const response = await getAudit(app(), admin.accessToken, params);
      expect([params, response.status]).toEqual([params, 400]);
    }
    const nested = await app().client.get('/admin/audit?type[a][b][c]=1&userId[$ne]=x', {
      token: admin.accessToken,
    });
    expect(nested.status).toBe(400);
  });

  it('deletes rows past AUDIT_RETENTION_DAYS in the background', async () => {
    const user = await signedInUser(app(), servers.sink);
    const before = await activityOf(app(), user.accessToken);
    const old = before.find((item) => item.type === 'account.signed_up')!;
    await app().editDatabase((sql) =>
      sql(`UPDATE security_events SET occurred_at = now() - interval '366 days' WHERE id = $1`, [old.id]),
    );

    await waitFor('the retention sweep', async () => {
      const ids = (await activityOf(app(), user.accessToken)).map((item) => item.id);
      return ids.includes(old.id) ? undefined : true;
    });

    const after = await activityOf(app(), user.accessToken);
    expect(after.map((item) => item.id)).toEqual(
      before.filter((item) => item !== old).map((item) => item.id),
    );
  });

  it('deleting an account removes its own rows and keeps admin rows under a pseudonym', async () => {
    const user = await signedInUser(app(), servers.sink);
    const id = user.user.id;
    expectStatus(await updateUser(app(), admin.accessToken, id, { disabled: true }), 200);
    expectStatus(await updateUser(app(), admin.accessToken, id, { disabled: false }), 200);
    const again = await loginAs(app(), user);
    const adminRows = (await auditPage(app(), admin.accessToken, { userId: id, limit: 100 })).items.filter(
      (item) => item.actor !== null,
    );
    expect(adminRows).toHaveLength(2);

    const deleted = await app().client.delete(
      '/users/me',
      { currentPassword: user.password },
      { token: again.accessToken },
    );
    expectStatus(deleted, 204);

    expect((await auditPage(app(), admin.accessToken, { userId: id })).items).toEqual([]);
    const recent = await auditPage(app(), admin.accessToken, { limit: 100 });
    const kept = recent.items.filter((item) => adminRows.some((row) => row.id === item.id));
    expect(kept).toHaveLength(2);
    const pseudonym = kept[0].details.subjectPseudonym;
    expect(pseudonym).toEqual(expect.stringMatching(/^[A-Za-z0-9_-]{22}$/));
    for (const item of kept) {
      expect(item.subject).toEqual({ id: null, nickname: null });
      expect(item.details.subjectPseudonym).toBe(pseudonym);
      expect(item.actor).toEqual(adminActor());
    }
    const deletion = newestOf(recent.items, 'account.deleted');
    expect(deletion).toMatchObject({
      subject: { id: null, nickname: null },
      details: { subjectPseudonym: pseudonym },
    });
    expect(JSON.stringify(recent.items)).not.toContain(id);
    expect(JSON.stringify(recent.items)).not.toContain(user.email);
  });
});
