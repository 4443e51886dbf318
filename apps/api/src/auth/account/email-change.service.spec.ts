import { IsNull, Repository } from 'typeorm';
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
  tokenOf,
} from '../../testing/account-services';
import { createTestDatabase, TestDatabase } from '../../testing/test-database';
import { User } from '../../users/user.entity';
import { OneTimeToken } from '../tokens/one-time-token.entity';

describe('EmailChangeService with AuthService.confirmEmail', () => {
  let db: TestDatabase;
  let services: AccountServices;
  let users: Repository<User>;
  let counter = 0;
  const newAccount = (fields: Partial<User> = {}) => insertAccount(services, users, fields);
  const freshAddress = () => `new-${Date.now()}-${counter++}@example.org`;
  const requestChange = async (user: User, newEmail: string, currentPassword = TEST_PASSWORD) =>
    services.emailChange.request(await signedInAs(services, user), { newEmail, currentPassword });
  const mailsOf = async (to: string, template: string) =>
    (await outboxFor(db.dataSource, to)).filter((mail) => mail.template === template);
  const linkTo = async (address: string) => {
    const [mail] = await mailsOf(address, 'email-change-new');
    if (!mail) throw new Error(`no email-change link was queued for ${address}`);
    return tokenOf(mail);
  };
  const stored = (user: User) => users.findOneByOrFail({ id: user.id });
  /** Lets a test send a second link to an address within the minute that the mail cap would refuse. */
  const forgetMailCaps = () =>
    db.dataSource.query(`UPDATE mail_caps SET last_sent_at = now() - interval '1 hour'`);

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
    services = await accountServices(db.dataSource);
    users = db.dataSource.getRepository(User);
  });
  afterAll(() => db?.close());

  async function problemOf(promise: Promise<unknown>): Promise<{ status: number; code: string }> {
    const error: unknown = await promise.then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    if (!(error instanceof ProblemException))
      throw new Error(`expected a ProblemException, got ${String(error)}`);
    return { status: error.getStatus(), code: error.code };
  }

  it('mails a 24-hour link to the new address and a notice to the current one, and changes nothing yet', async () => {
    const user = await newAccount();
    const newEmail = freshAddress();

    await requestChange(user, newEmail);

    const [link] = await mailsOf(newEmail, 'email-change-new');
    expect(link).toMatchObject({ userId: user.id, status: 'pending' });
    expect(String(link.data.confirmUrl)).toMatch(
      /^https:\/\/id\.example\.com\/confirm-email\?token=[\w-]{43}$/,
    );
    const hoursLeft = (link.expiresAt!.getTime() - Date.now()) / 3_600_000;
    expect(hoursLeft).toBeGreaterThan(23.9);
    expect(hoursLeft).toBeLessThanOrEqual(24);
    const [notice] = await mailsOf(user.email, 'email-change-old');
    expect(notice.data).toMatchObject({
      newEmail,
      nickname: user.nickname,
      cancelUrl: expect.stringMatching(/^https:\/\/id\.example\.com\/cancel-email-change\?token=[\w-]{43}$/),
    });
    expect((await stored(user)).email).toBe(user.email);
  });

  it('moves the account to the new address when the link is confirmed, once', async () => {
    const user = await newAccount();
    const newEmail = freshAddress();
    await requestChange(user, newEmail);
    const token = await linkTo(newEmail);

    const profile = await services.auth.confirmEmail(token);

    expect(profile).toMatchObject({ id: user.id, email: newEmail, emailConfirmed: true });
    expect((await stored(user)).email).toBe(newEmail);
    expect(await problemOf(services.auth.confirmEmail(token))).toEqual({
      status: 400,
      code: 'INVALID_TOKEN',
    });
  });

  it('marks an unconfirmed account confirmed: the link proved the new mailbox is theirs', async () => {
    const user = await newAccount({ emailConfirmedAt: null });
    const newEmail = freshAddress();
    await requestChange(user, newEmail);

    await services.auth.confirmEmail(await linkTo(newEmail));

    expect((await stored(user)).emailConfirmedAt).toBeInstanceOf(Date);
  });

  it('refuses a wrong current password with 400 INVALID_CURRENT_PASSWORD and mails nothing', async () => {
    const user = await newAccount();
    const newEmail = freshAddress();

    expect(await problemOf(requestChange(user, newEmail, 'not the password at all'))).toEqual({
      status: 400,
      code: 'INVALID_CURRENT_PASSWORD',
    });
    expect(await outboxFor(db.dataSource, newEmail)).toEqual([]);
    expect(await outboxFor(db.dataSource, user.email)).toEqual([]);
  });

  it('refuses the current address with 400 EMAIL_UNCHANGED', async () => {
    const user = await newAccount();
    expect(await problemOf(requestChange(user, user.email))).toEqual({
      status: 400,
      code: 'EMAIL_UNCHANGED',
    });
    expect(await outboxFor(db.dataSource, user.email)).toEqual([]);
  });

  it('gives a taken address no link, only a notice to its owner, and leaves both accounts as they are', async () => {
    const owner = await newAccount();
    const user = await newAccount();

    await requestChange(user, owner.email);

    const toOwner = await outboxFor(db.dataSource, owner.email);
    expect(toOwner.map((mail) => mail.template)).toEqual(['email-change-taken']);
    expect(toOwner[0].userId).toBeNull();
    expect(await mailsOf(user.email, 'email-change-old')).toHaveLength(1);
    const usable = await db.dataSource
      .getRepository(OneTimeToken)
      .countBy({ userId: user.id, purpose: 'change-email', consumedAt: IsNull() });
    expect(usable).toBe(0);
    expect((await stored(user)).email).toBe(user.email);
    expect((await stored(owner)).email).toBe(owner.email);
  });

  it('ends the earlier link when a newer change is asked for, to another address or to a taken one', async () => {
    const owner = await newAccount();
    const user = await newAccount();
    const first = freshAddress();
    const second = freshAddress();
    await requestChange(user, first);
    await requestChange(user, second);
    const firstToken = await linkTo(first);
    const secondToken = await linkTo(second);
    await requestChange(user, owner.email);

    expect(await problemOf(services.auth.confirmEmail(firstToken))).toEqual({
      status: 400,
      code: 'INVALID_TOKEN',
    });
    expect(await problemOf(services.auth.confirmEmail(secondToken))).toEqual({
      status: 400,
      code: 'INVALID_TOKEN',
    });
    expect((await stored(user)).email).toBe(user.email);
  });

  it('sends one link per address per minute; a repeat keeps the first link working', async () => {
    const user = await newAccount();
    const newEmail = freshAddress();
    await requestChange(user, newEmail);
    await requestChange(user, newEmail);

    expect(await mailsOf(newEmail, 'email-change-new')).toHaveLength(1);
    expect(await mailsOf(user.email, 'email-change-old')).toHaveLength(1);
    await services.auth.confirmEmail(await linkTo(newEmail));
    expect((await stored(user)).email).toBe(newEmail);
  });

  it('answers 409 EMAIL_TAKEN when the address was taken after the link went out, and changes nothing', async () => {
    const user = await newAccount();
    const newEmail = freshAddress();
    await requestChange(user, newEmail);
    const token = await linkTo(newEmail);
    const squatter = await newAccount({ email: newEmail });

    expect(await problemOf(services.auth.confirmEmail(token))).toEqual({ status: 409, code: 'EMAIL_TAKEN' });
    expect((await stored(user)).email).toBe(user.email);
    expect((await stored(squatter)).email).toBe(newEmail);
  });

  it('leaves exactly one owner when two accounts confirm a change to the same address at once', async () => {
    const [first, second] = await Promise.all([newAccount(), newAccount()]);
    const newEmail = freshAddress();
    await requestChange(first, newEmail);
    await forgetMailCaps();
    await requestChange(second, newEmail);
    const [firstToken, secondToken] = (await mailsOf(newEmail, 'email-change-new')).map(tokenOf);

    const results = await Promise.allSettled([
      services.auth.confirmEmail(firstToken),
      services.auth.confirmEmail(secondToken),
    ]);

    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refusal = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(refusal?.reason).toMatchObject({ code: 'EMAIL_TAKEN' });
    expect(await users.countBy({ email: newEmail })).toBe(1);
  });

  it('stops links mailed to the old address from acting on the account once it has moved', async () => {
    const user = await newAccount({ emailConfirmedAt: null });
    const confirmation = await db.dataSource.transaction((manager) =>
      services.tokens.issue(manager, user.id, 'confirm-email', 3600),
    );
    const newEmail = freshAddress();
    await requestChange(user, newEmail);
    await services.auth.confirmEmail(await linkTo(newEmail));

    expect(await problemOf(services.auth.confirmEmail(confirmation.token))).toEqual({
      status: 400,
      code: 'INVALID_TOKEN',
    });
  });

  it('ties the queued link to the requesting account, so deleting the account cancels it', async () => {
    const user = await newAccount();
    const newEmail = freshAddress();
    await requestChange(user, newEmail);
    await services.outbox.cancelForUser(db.dataSource.manager, user.id);

    const [link] = await db.dataSource.getRepository(MailOutbox).findBy({ to: newEmail });
    expect(link.status).toBe('cancelled');
  });
});
