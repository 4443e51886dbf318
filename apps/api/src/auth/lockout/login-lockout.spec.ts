import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomBytes } from 'node:crypto';
import { Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { createTestDatabase, TestDatabase } from '../../testing/test-database';
import { testConfig } from '../../testing/test-config';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { CredentialsVerifier } from '../password/credentials-verifier';
import { PasswordHasher } from '../password/password-hasher';
import { DeviceTokens } from './device-tokens';
import { LOCKOUT_THRESHOLD, LoginLockout } from './login-lockout';

const PASSWORD = 'lantern quietly orbit 42';
const WRONG = 'lantern quietly orbit 43';

describe('LoginLockout through CredentialsVerifier', () => {
  let db: TestDatabase;
  let users: Repository<User>;
  let hasher: PasswordHasher;
  let verifier: CredentialsVerifier;
  let passwordHash: string;

  beforeAll(async () => {
    db = await createTestDatabase([User]);
    users = db.dataSource.getRepository(User);
    const config: AppConfig = testConfig({ BCRYPT_COST: '4' }); // defaults: 1 min, doubling up to 15 min
    hasher = new PasswordHasher(config);
    await hasher.onModuleInit();
    passwordHash = await hasher.hash(PASSWORD);
    verifier = new CredentialsVerifier(
      new UsersService(users, config),
      hasher,
      new LoginLockout(users, config),
      new DeviceTokens(config),
      db.dataSource,
      new EventEmitter2(),
    );
  });

  afterAll(() => db.close());
  afterEach(() => jest.restoreAllMocks());

  async function newAccount(extra: Partial<User> = {}): Promise<User> {
    const id = randomBytes(5).toString('hex');
    return users.save(
      users.create({ email: `${id}@example.com`, nickname: `n-${id}`, passwordHash, ...extra }),
    );
  }

  const fail = (user: User, times: number) =>
    Promise.all(Array.from({ length: times }, () => verifier.accountFor(user.email, WRONG)));

  /** Seconds left on the lock by the database's clock, or null when the account is not locked. */
  async function lockSecondsLeft(user: User): Promise<number | null> {
    const [row] = await db.dataSource.query<{ seconds: string | null }[]>(
      `SELECT extract(epoch FROM locked_until - now()) AS seconds FROM users
       WHERE id = $1 AND locked_until > now()`,
      [user.id],
    );
    return row ? Number(row.seconds) : null;
  }

  /** Ends the current lock as if its time had passed, keeping the failure count. */
  const expireLock = (user: User) => users.update(user.id, { lockedUntil: new Date(Date.now() - 1000) });

  it('opens the account with the right pair and refuses every failure, each after one bcrypt comparison', async () => {
    const account = await newAccount();
    const disabled = await newAccount({ disabledAt: new Date() });
    const verify = jest.spyOn(hasher, 'verify');

    expect((await verifier.accountFor(account.email, PASSWORD))?.user.id).toBe(account.id);
    expect(await verifier.accountFor(account.email, WRONG)).toBeUndefined();
    expect(await verifier.accountFor('nobody@example.com', PASSWORD)).toBeUndefined();
    expect(await verifier.accountFor(disabled.email, PASSWORD)).toBeUndefined();

    expect(verify).toHaveBeenCalledTimes(4);
  });

  it('locks after ten consecutive failures for one minute, refusing even the right password', async () => {
    const account = await newAccount();
    await fail(account, LOCKOUT_THRESHOLD - 1);
    expect(await lockSecondsLeft(account)).toBeNull();

    await fail(account, 1);

    expect(await lockSecondsLeft(account)).toBeCloseTo(60, -1);
    const verify = jest.spyOn(hasher, 'verify');
    expect(await verifier.accountFor(account.email, PASSWORD)).toBeUndefined();
    expect(verify).toHaveBeenCalledTimes(1); // a locked account costs the same bcrypt time as any other
  });

  it('neither counts nor extends failures while locked, and opens again when the lock ends', async () => {
    const account = await newAccount();
    await fail(account, LOCKOUT_THRESHOLD);
    const lockedUntil = (await users.findOneByOrFail({ id: account.id })).lockedUntil;

    await fail(account, LOCKOUT_THRESHOLD);

    const after = await users.findOneByOrFail({ id: account.id });
    expect(after).toMatchObject({ failedLoginCount: LOCKOUT_THRESHOLD, lockedUntil });
    await expireLock(account);
    expect((await verifier.accountFor(account.email, PASSWORD))?.user.id).toBe(account.id);
    expect(await users.findOneByOrFail({ id: account.id })).toMatchObject({
      failedLoginCount: 0,
      lockedUntil: null,
    });
  });

  it('resets the count on success: failures must be consecutive', async () => {
    const account = await newAccount();
    await fail(account, LOCKOUT_THRESHOLD - 1);
    expect(await verifier.accountFor(account.email, PASSWORD)).toBeDefined();

    await fail(account, LOCKOUT_THRESHOLD - 1);

    expect(await lockSecondsLeft(account)).toBeNull();
    expect(await verifier.accountFor(account.email, PASSWORD)).toBeDefined();
  });

  it('doubles each further lockout, from 1 minute up to 15 minutes', async () => {
    const account = await newAccount();
    const seen: number[] = [];
    for (let lockout = 0; lockout < 6; lockout++) {
      await fail(account, LOCKOUT_THRESHOLD);
      seen.push(Math.round(((await lockSecondsLeft(account)) ?? 0) / 60));
      await expireLock(account);
    }
    expect(seen).toEqual([1, 2, 4, 8, 15, 15]);
  });

  it('adds up failures that arrive at the same moment', async () => {
    const account = await newAccount();
    await fail(account, LOCKOUT_THRESHOLD); // all ten in parallel

    expect(await users.findOneByOrFail({ id: account.id })).toMatchObject({
      failedLoginCount: LOCKOUT_THRESHOLD,
    });
    expect(await lockSecondsLeft(account)).not.toBeNull();
  });

  it('stays within the maximum however many lockouts came before', async () => {
    const account = await newAccount({ failedLoginCount: 1_000_000 * LOCKOUT_THRESHOLD - 1 });
    await fail(account, 1);
    expect(await lockSecondsLeft(account)).toBeCloseTo(900, -1);
  });
});
