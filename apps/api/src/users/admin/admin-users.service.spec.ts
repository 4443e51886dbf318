import { EventEmitter2 } from '@nestjs/event-emitter';
import { MfaNotices } from '../../auth/mfa/mfa-notices';
import { MfaReset } from '../../auth/mfa/mfa-reset';
import { MfaRepository } from '../../auth/mfa/mfa.repository';
import { HttpStatus, Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { IsNull } from 'typeorm';
import { RefreshToken } from '../../auth/sessions/refresh-token.entity';
import { Session } from '../../auth/sessions/session.entity';
import { ProblemException } from '../../common/problem/problem';
import { MailCap } from '../../mail/mail-cap.entity';
import { MailOutbox } from '../../mail/mail-outbox.entity';
import { idleOutbox, sessionsService } from '../../testing/session-services';
import { testConfig } from '../../testing/test-config';
import { createTestDatabase, TestDatabase } from '../../testing/test-database';
import { avatarVersion } from '../avatar/avatar-tile';
import { User } from '../user.entity';
import { UsersService } from '../users.service';
import { AdminEmailDemotion } from './admin-email-demotion.entity';
import { wasDemoted } from './admin-role';
import { AdminUsersService } from './admin-users.service';
import { AccountState } from './dto/admin-users-query.dto';

/** The admin making the changes; it only appears in the security log. */
const ACTOR_ID = '0b7f2c1e-5d4a-4c3b-9e8f-1a2b3c4d5e6f';

const PUBLIC_URL = 'https://id.example.com';
const DAY_MS = 86_400_000;

describe('AdminUsersService', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase([User, Session, RefreshToken, MailOutbox, MailCap, AdminEmailDemotion]);
  });

  afterAll(() => db?.close());

  // Every test starts from no accounts (sessions go with them) and no mail, so counts and "the last admin" are exact.
  beforeEach(async () => {
    await db.dataSource.createQueryBuilder().delete().from(User).execute();
    await db.dataSource.createQueryBuilder().delete().from(MailOutbox).execute();
    await db.dataSource.createQueryBuilder().delete().from(MailCap).execute();
  });

  /** The service wired as in the app; the outbox worker only gets nudged, and its sending is not under test. */
  function setUp(requireApproval: boolean) {
    const config = testConfig({ PUBLIC_URL, REQUIRE_APPROVAL: String(requireApproval) });
    const { dataSource } = db;
    const users = new UsersService(dataSource.getRepository(User), config);
    const events = new EventEmitter2();
    const outbox = idleOutbox(dataSource, config);
    const sessions = sessionsService(dataSource, config, events, outbox);
    const mfaReset = new MfaReset(new MfaRepository(dataSource), new MfaNotices(config, outbox));
    const admin = new AdminUsersService(dataSource, config, users, sessions, outbox, mfaReset, events);
    return { admin, sessions };
  }

  const DAYS_AGO = { unconfirmed: 5, pending: 4, active: 3, disabled: 2, admin: 1 };

  /** One account in each state, created a day apart (the admin newest). */
  async function oneOfEach() {
    const confirmed = new Date(Date.now() - 10 * DAY_MS);
    return {
      unconfirmed: await insertUser({}, DAYS_AGO.unconfirmed),
      pending: await insertUser({ emailConfirmedAt: confirmed }, DAYS_AGO.pending),
      active: await insertUser({ emailConfirmedAt: confirmed, approvedAt: confirmed }, DAYS_AGO.active),
      disabled: await insertUser({ emailConfirmedAt: confirmed, disabledAt: new Date() }, DAYS_AGO.disabled),
      admin: await insertUser({ emailConfirmedAt: confirmed, role: 'admin' }, DAYS_AGO.admin),
    };
  }

  async function insertUser(fields: Partial<User> = {}, daysAgo = 0): Promise<User> {
    const unique = randomBytes(4).toString('hex');
    const users = db.dataSource.getRepository(User);
    const user = await users.save(
      users.create({ email: `user-${unique}@example.com`, nickname: `user-${unique}`, ...fields }),
    );
    await users.update({ id: user.id }, { createdAt: new Date(Date.now() - daysAgo * DAY_MS) });
    return users.findOneByOrFail({ id: user.id });
  }

  const reload = (user: User) => db.dataSource.getRepository(User).findOneByOrFail({ id: user.id });
  const approvalMails = () =>
    db.dataSource.getRepository(MailOutbox).findBy({ template: 'account-approved' });
  const query = (fields: { search?: string; state?: AccountState; page?: number; pageSize?: number }) => ({
    page: 1,
    pageSize: 24,
    ...fields,
  });

  async function expectProblem(promise: Promise<unknown>, status: HttpStatus, code: string) {
    const error = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(ProblemException);
    expect(error).toMatchObject({ code, status });
    expect((error as ProblemException).getStatus()).toBe(status);
  }

  describe('list', () => {
    it('shows each account with its state, newest first', async () => {
      const { admin } = setUp(true);
      const accounts = await oneOfEach();

      const page = await admin.list(query({}));

      expect(page).toMatchObject({ page: 1, pageSize: 24, total: 5 });
      expect(page.items.map((item) => item.id)).toEqual(
        ['admin', 'disabled', 'active', 'pending', 'unconfirmed'].map(
          (state) => accounts[state as AccountState].id,
        ),
      );
      expect(page.items[0]).toEqual({
        id: accounts.admin.id,
        email: accounts.admin.email,
        nickname: accounts.admin.nickname,
        avatarUrl: `${PUBLIC_URL}/api/v1/users/${accounts.admin.id}/avatar?v=${avatarVersion(accounts.admin.nickname, 0)}`,
        role: 'admin',
        emailConfirmed: true,
        approved: true,
        mfaEnabled: false,
        disabled: false,
        createdAt: accounts.admin.createdAt.toISOString(),
      });
      expect(page.items.find((item) => item.id === accounts.pending.id)).toMatchObject({
        approved: false,
        disabled: false,
      });
      expect(page.items.find((item) => item.id === accounts.disabled.id)?.disabled).toBe(true);
      expect(page.items.find((item) => item.id === accounts.unconfirmed.id)?.emailConfirmed).toBe(false);
    });

    it.each<[AccountState, AccountState[]]>([
      ['unconfirmed', ['unconfirmed']],
      ['pending', ['pending']],
      ['active', ['admin', 'active']],
      ['disabled', ['disabled']],
      ['admin', ['admin']],
    ])('filters by state %s while approval is required', async (state, expected) => {
      const { admin } = setUp(true);
      const accounts = await oneOfEach();

      const page = await admin.list(query({ state }));

      expect(page.items.map((item) => item.id)).toEqual(expected.map((name) => accounts[name].id));
      expect(page.total).toBe(expected.length);
    });

    it('has nobody pending, and counts unapproved accounts as active, when approval is not required', async () => {
      const { admin } = setUp(false);
      const accounts = await oneOfEach();

      expect(await admin.list(query({ state: 'pending' }))).toEqual({
        items: [],
        page: 1,
        pageSize: 24,
        total: 0,
      });
      const active = await admin.list(query({ state: 'active' }));
      expect(active.items.map((item) => item.id)).toEqual(
        [accounts.admin, accounts.active, accounts.pending].map((user) => user.id),
      );
      expect(active.items.every((item) => item.approved)).toBe(true);
    });

    it('searches email and nickname as substrings in any case, combined with the state', async () => {
      const { admin } = setUp(true);
      const byEmail = await insertUser({ email: 'grace.hopper@navy.example' });
      const byNickname = await insertUser({ nickname: 'Amazing-Grace' });
      await insertUser({ email: 'ada@example.com', nickname: 'countess' });
      await admin.update(byNickname.id, { disabled: true }, ACTOR_ID);

      const found = await admin.list(query({ search: 'GRACE' }));
      expect(found.items.map((item) => item.id).sort()).toEqual([byEmail.id, byNickname.id].sort());
      expect(found.total).toBe(2);

      const disabledOnly = await admin.list(query({ search: 'grace', state: 'disabled' }));
      expect(disabledOnly.items.map((item) => item.id)).toEqual([byNickname.id]);
    });

    it('treats % and _ in the search as plain characters', async () => {
      const { admin } = setUp(true);
      const underscore = await insertUser({ nickname: 'snow_owl' });
      await insertUser({ nickname: 'snowyowl' });
      await insertUser({ email: 'percent@example.com' });

      expect((await admin.list(query({ search: 'snow_owl' }))).items.map((item) => item.id)).toEqual([
        underscore.id,
      ]);
      expect(await admin.list(query({ search: '%' }))).toMatchObject({ items: [], total: 0 });
      expect(await admin.list(query({ search: '\\' }))).toMatchObject({ items: [], total: 0 });
    });

    it('pages through the results and reports the total of all pages', async () => {
      const { admin } = setUp(true);
      const newestFirst = [];
      for (let daysAgo = 0; daysAgo < 5; daysAgo++) newestFirst.push(await insertUser({}, daysAgo));

      const second = await admin.list(query({ page: 2, pageSize: 2 }));
      const last = await admin.list(query({ page: 3, pageSize: 2 }));
      const beyond = await admin.list(query({ page: 4, pageSize: 2 }));

      expect(second).toMatchObject({ page: 2, pageSize: 2, total: 5 });
      expect(second.items.map((item) => item.id)).toEqual([newestFirst[2].id, newestFirst[3].id]);
      expect(last.items.map((item) => item.id)).toEqual([newestFirst[4].id]);
      expect(beyond).toMatchObject({ items: [], total: 5 });
    });
  });

  describe('update', () => {
    it('answers 404 NOT_FOUND for an unknown id', async () => {
      const { admin } = setUp(true);
      await expectProblem(
        admin.update(randomUUID(), { approved: true }, ACTOR_ID),
        HttpStatus.NOT_FOUND,
        'NOT_FOUND',
      );
    });

    it('logs each change as a security event naming the acting admin and the fields changed', async () => {
      const { admin } = setUp(true);
      const { pending } = await oneOfEach();
      const info = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);

      await admin.update(pending.id, { approved: true, role: 'admin' }, ACTOR_ID);

      expect(info).toHaveBeenCalledWith(
        {
          event: 'admin.user_updated',
          actorId: ACTOR_ID,
          userId: pending.id,
          changes: { approved: true, role: 'admin' },
        },
        'admin.user_updated',
      );
      expect(JSON.stringify(info.mock.calls)).not.toContain(pending.email);
      info.mockRestore();
    });

    it('approves and mails the user once while approval is required', async () => {
      const { admin } = setUp(true);
      const { pending } = await oneOfEach();

      const item = await admin.update(pending.id, { approved: true }, ACTOR_ID);
      await admin.update(pending.id, { approved: true }, ACTOR_ID);

      expect(item).toMatchObject({ id: pending.id, approved: true });
      expect((await reload(pending)).approvedAt).toBeInstanceOf(Date);
      const mails = await approvalMails();
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({
        to: pending.email,
        userId: pending.id,
        data: { nickname: pending.nickname, loginUrl: `${PUBLIC_URL}/login` },
      });
    });

    it('takes an approval back without mail, and sends none when approval is not required', async () => {
      const required = setUp(true).admin;
      const { active, pending } = await oneOfEach();

      expect(await required.update(active.id, { approved: false }, ACTOR_ID)).toMatchObject({
        approved: false,
      });
      expect((await reload(active)).approvedAt).toBeNull();

      const notRequired = setUp(false).admin;
      expect(await notRequired.update(pending.id, { approved: true }, ACTOR_ID)).toMatchObject({
        approved: true,
      });
      expect((await reload(pending)).approvedAt).toBeInstanceOf(Date);
      expect(await approvalMails()).toHaveLength(0);
    });

    it('does not mail an approval to an account that stays disabled', async () => {
      const { admin } = setUp(true);
      const { disabled } = await oneOfEach();

      expect(await admin.update(disabled.id, { approved: true }, ACTOR_ID)).toMatchObject({ disabled: true });
      expect(await approvalMails()).toHaveLength(0);
    });

    it('disabling ends every session of the account at once; enabling lets it back in', async () => {
      const { admin, sessions } = setUp(true);
      const { active, pending } = await oneOfEach();
      const client = { ip: '127.0.0.1' };
      const grants = [
        await sessions.start(active, false, client, ['pwd']),
        await sessions.start(active, true, client, ['pwd']),
      ];
      const bystander = await sessions.start(pending, false, client, ['pwd']);

      expect(await admin.update(active.id, { disabled: true }, ACTOR_ID)).toMatchObject({ disabled: true });
      for (const grant of grants) {
        expect(await sessions.findActive(grant.sessionId)).toBeUndefined();
        expect(await sessions.rotate(grant.refreshToken, client)).toBeUndefined();
      }
      expect(await sessions.findActive(bystander.sessionId)).toBeDefined();

      expect(await admin.update(active.id, { disabled: false }, ACTOR_ID)).toMatchObject({ disabled: false });
      expect((await reload(active)).disabledAt).toBeNull();
      const fresh = await sessions.start(active, false, client, ['pwd']);
      expect(await sessions.findActive(fresh.sessionId)).toMatchObject({ user: { id: active.id } });
    });

    it('appoints an admin, who counts as approved and stays approved when stepping down', async () => {
      const { admin } = setUp(true);
      const { pending } = await oneOfEach();

      expect(await admin.update(pending.id, { role: 'admin' }, ACTOR_ID)).toMatchObject({
        role: 'admin',
        approved: true,
      });
      expect(await admin.update(pending.id, { role: 'user' }, ACTOR_ID)).toMatchObject({
        role: 'user',
        approved: true,
      });
      expect(await approvalMails()).toHaveLength(0);
    });

    it('records the address of a demoted admin, so ADMIN_EMAILS never promotes it again', async () => {
      const { admin } = setUp(false);
      const { admin: first, active } = await oneOfEach();
      await insertUser({ role: 'admin' });

      await admin.update(active.id, { role: 'user' }, ACTOR_ID); // not an admin: nothing to take away
      await admin.update(first.id, { role: 'user' }, ACTOR_ID);

      expect(await wasDemoted(db.dataSource.manager, first.email)).toBe(true);
      expect(await wasDemoted(db.dataSource.manager, active.email)).toBe(false);
    });

    it('refuses to demote or disable the last enabled admin with 409 LAST_ADMIN, changing nothing', async () => {
      const { admin } = setUp(true);
      const { admin: onlyAdmin } = await oneOfEach();
      await insertUser({ role: 'admin', disabledAt: new Date() }); // a disabled admin does not count

      for (const change of [
        { role: 'user' as const },
        { disabled: true },
        { role: 'user' as const, approved: true },
      ]) {
        await expectProblem(admin.update(onlyAdmin.id, change, ACTOR_ID), HttpStatus.CONFLICT, 'LAST_ADMIN');
      }
      expect(await reload(onlyAdmin)).toMatchObject({ role: 'admin', disabledAt: null });
      // Changes that keep the admin an admin are fine.
      expect(await admin.update(onlyAdmin.id, { approved: true, disabled: false }, ACTOR_ID)).toMatchObject({
        role: 'admin',
      });
    });

    it('lets an admin step down while another enabled admin remains', async () => {
      const { admin } = setUp(true);
      const { admin: first } = await oneOfEach();
      const second = await insertUser({ role: 'admin', emailConfirmedAt: new Date() });

      expect(await admin.update(first.id, { role: 'user' }, ACTOR_ID)).toMatchObject({ role: 'user' });
      await expectProblem(
        admin.update(second.id, { disabled: true }, ACTOR_ID),
        HttpStatus.CONFLICT,
        'LAST_ADMIN',
      );
    });

    it('lets only one of two admins step down when both try at once', async () => {
      const { admin } = setUp(true);
      const first = await insertUser({ role: 'admin' });
      const second = await insertUser({ role: 'admin' });

      const outcomes = await Promise.allSettled([
        admin.update(first.id, { role: 'user' }, ACTOR_ID),
        admin.update(second.id, { disabled: true }, ACTOR_ID),
      ]);

      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const [refused] = outcomes.filter((outcome) => outcome.status === 'rejected');
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'LAST_ADMIN' });
      const remaining = await db.dataSource
        .getRepository(User)
        .countBy({ role: 'admin', disabledAt: IsNull() });
      expect(remaining).toBe(1);
    });
  });
});
