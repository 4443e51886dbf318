import { EventEmitter2 } from '@nestjs/event-emitter';
import { Repository } from 'typeorm';
import { AccountDeletedEvent } from '../../common/events/account-deleted.event';
import { ProblemException } from '../../common/problem/problem';
import { MailOutbox } from '../../mail/mail-outbox.entity';
import {
  accountServices,
  AccountServices,
  ACCOUNT_ENTITIES,
  insertAccount,
  signedInAs,
  outboxFor,
  TEST_PASSWORD,
} from '../../testing/account-services';
import { createTestDatabase, TestDatabase } from '../../testing/test-database';
import { User } from '../../users/user.entity';
import { RefreshToken } from '../sessions/refresh-token.entity';
import { Session } from '../sessions/session.entity';
import { OneTimeToken } from '../tokens/one-time-token.entity';
import { AccountDeletionService } from './account-deletion.service';

describe('AccountDeletionService', () => {
  let db: TestDatabase;
  let services: AccountServices;
  let deletion: AccountDeletionService;
  let events: EventEmitter2;
  let users: Repository<User>;
  const newAccount = (fields: Partial<User> = {}) => insertAccount(services, users, fields);

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
    services = await accountServices(db.dataSource);
    // As EventEmitterModule wires @OnEvent(…, { suppressErrors: false }): a listener's failure rejects.
    events = new EventEmitter2();
    deletion = new AccountDeletionService(
      db.dataSource,
      services.config,
      services.sensitiveChangeCheck,
      services.outbox,
      events,
    );
    users = db.dataSource.getRepository(User);
  });
  afterAll(async () => {
    await db?.close();
  });

  /** An account with what deletion must clear away: a session with its refresh token, a token, queued mail. */
  async function accountWithTraces() {
    const user = await newAccount();
    const grant = await services.sessions.start(user, false, { ip: '203.0.113.9', userAgent: 'test' }, [
      'pwd',
    ]);
    await db.dataSource.transaction(async (manager) => {
      await services.tokens.issue(manager, user.id, 'confirm-email', 3600);
      await services.outbox.enqueue(manager, {
        to: user.email,
        template: 'confirm-email',
        data: {
          nickname: user.nickname,
          confirmUrl: 'https://id.example.com/confirm-email?token=x',
          expiresInHours: 24,
        },
        userId: user.id,
      });
    });
    return { user, grant };
  }

  it('removes the account with its sessions and tokens, cancels its queued mail and queues a farewell', async () => {
    const { user, grant } = await accountWithTraces();

    await deletion.delete(await signedInAs(services, user), TEST_PASSWORD);

    expect(await users.existsBy({ id: user.id })).toBe(false);
    expect(await db.dataSource.getRepository(Session).countBy({ userId: user.id })).toBe(0);
    expect(await db.dataSource.getRepository(RefreshToken).countBy({ sessionId: grant.sessionId })).toBe(0);
    expect(await db.dataSource.getRepository(OneTimeToken).countBy({ userId: user.id })).toBe(0);
    expect(await services.sessions.findActive(grant.sessionId)).toBeUndefined();
    const mail = await outboxFor(db.dataSource, user.email);
    expect(mail.map(({ template, status }) => ({ template, status })).sort(byTemplate)).toEqual([
      { template: 'account-deleted', status: 'pending' },
      { template: 'confirm-email', status: 'cancelled' },
    ]);
    const farewell = mail.find((row) => row.template === 'account-deleted');
    expect(farewell?.data).toEqual({ nickname: user.nickname, signUpUrl: 'https://id.example.com/signup' });
  });

  it('raises AccountDeletedEvent in its transaction and runs the listeners’ deferred work after the commit', async () => {
    const user = await newAccount();
    const seen: { rowInTransaction: boolean; rowAfterCommit?: boolean }[] = [];
    const listener = async (event: AccountDeletedEvent) => {
      const entry = { rowInTransaction: await event.manager.existsBy(User, { id: event.userId }) };
      seen.push(entry);
      event.afterCommit(async () => {
        Object.assign(entry, { rowAfterCommit: await users.existsBy({ id: user.id }) });
      });
    };
    events.on(AccountDeletedEvent.NAME, listener);

    try {
      await deletion.delete(await signedInAs(services, user), TEST_PASSWORD);
    } finally {
      events.off(AccountDeletedEvent.NAME, listener);
    }

    expect(seen).toEqual([{ rowInTransaction: true, rowAfterCommit: false }]);
  });

  it('keeps the account and sends nothing when a listener fails inside the transaction', async () => {
    const user = await newAccount();
    const failing = () => Promise.reject(new Error('listener failed'));
    events.on(AccountDeletedEvent.NAME, failing);

    try {
      await expect(deletion.delete(await signedInAs(services, user), TEST_PASSWORD)).rejects.toThrow(
        'listener failed',
      );
    } finally {
      events.off(AccountDeletedEvent.NAME, failing);
    }

    expect(await users.existsBy({ id: user.id })).toBe(true);
    expect(await outboxFor(db.dataSource, user.email)).toEqual([]);
  });

  it('refuses a wrong password with 400 INVALID_CURRENT_PASSWORD and deletes nothing', async () => {
    const { user, grant } = await accountWithTraces();

    const error: unknown = await deletion
      .delete(await signedInAs(services, user), `${TEST_PASSWORD}!`)
      .catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(ProblemException);
    expect(error).toMatchObject({ code: 'INVALID_CURRENT_PASSWORD' });
    expect(await users.existsBy({ id: user.id })).toBe(true);
    expect(await services.sessions.findActive(grant.sessionId)).toBeDefined();
    const mail = await outboxFor(db.dataSource, user.email);
    expect(mail.map((row) => [row.template, row.status])).toEqual([['confirm-email', 'pending']]);
  });

  it('refuses an account without a password (it cannot prove who is asking this way)', async () => {
    const user = await newAccount({ passwordHash: null });
    await expect(deletion.delete(await signedInAs(services, user), TEST_PASSWORD)).rejects.toMatchObject({
      code: 'INVALID_CURRENT_PASSWORD',
    });
    expect(await users.existsBy({ id: user.id })).toBe(true);
  });

  it('sends one farewell when two deletions of one account race', async () => {
    const user = await newAccount();
    // Both sessions exist before either deletion starts, as two signed-in devices would.
    const [first, second] = [await signedInAs(services, user), await signedInAs(services, user)];

    // The later one may find its session already gone with the account (refused): either way, one farewell.
    const outcomes = await Promise.allSettled([
      deletion.delete(first, TEST_PASSWORD),
      deletion.delete(second, TEST_PASSWORD),
    ]);

    expect(outcomes.map(({ status }) => status)).toContain('fulfilled');

    expect(await users.existsBy({ id: user.id })).toBe(false);
    const farewells = await db.dataSource
      .getRepository(MailOutbox)
      .countBy({ to: user.email, template: 'account-deleted' });
    expect(farewells).toBe(1);
  });

  it('frees the address and the nickname for a new sign-up', async () => {
    const user = await newAccount();
    await deletion.delete(await signedInAs(services, user), TEST_PASSWORD);

    await services.auth.signUp({ email: user.email, password: TEST_PASSWORD, nickname: user.nickname });

    const again = await users.findOneByOrFail({ email: user.email });
    expect(again.id).not.toBe(user.id);
    expect(again.nickname).toBe(user.nickname);
  });
});

function byTemplate(a: { template: string }, b: { template: string }): number {
  return a.template.localeCompare(b.template);
}
