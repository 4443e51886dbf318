import { EventEmitter2 } from '@nestjs/event-emitter';
import { DataSource, Repository } from 'typeorm';
import { EmailChangeService } from '../auth/account/email-change.service';
import { AuthService } from '../auth/auth.service';
import { CurrentPasswordCheck } from '../auth/lockout/current-password-check';
import { ReauthMethods } from '../auth/reauth/reauth-methods';
import { RecentAuthCheck } from '../auth/reauth/recent-auth';
import { SensitiveChangeCheck } from '../auth/reauth/sensitive-change-check';
import { DeviceTokens } from '../auth/lockout/device-tokens';
import { LoginLockout } from '../auth/lockout/login-lockout';
import { CredentialsVerifier } from '../auth/password/credentials-verifier';
import { PasswordHasher } from '../auth/password/password-hasher';
import { Session } from '../auth/sessions/session.entity';
import { AuthenticatedSession } from '../auth/sessions/sessions.service';
import { AccessTokens } from '../auth/tokens/access-tokens';
import { MagicLinkMail } from '../auth/magic-link/magic-link-mail';
import { MfaChallenges } from '../auth/mfa/mfa-challenges';
import { MfaNotices } from '../auth/mfa/mfa-notices';
import { MfaReset } from '../auth/mfa/mfa-reset';
import { MfaRepository } from '../auth/mfa/mfa.repository';
import { MfaService } from '../auth/mfa/mfa.service';
import { SecretBox } from '../auth/mfa/secret-box';
import { OneTimeCodesService } from '../auth/tokens/one-time-codes.service';
import { OneTimeTokensService } from '../auth/tokens/one-time-tokens.service';
import { AppConfig } from '../config/app-config';
import { MailOutbox } from '../mail/mail-outbox.entity';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { idleOutbox, sessionsService } from './session-services';
import { ACCOUNT_ENTITIES, insertUser } from './test-accounts';
import { createTestDatabase, TestDatabase } from './test-database';
import { testConfig } from './test-config';

export { ACCOUNT_ENTITIES } from './test-accounts';

/** The password of every account made by insertAccount. */
export const TEST_PASSWORD = 'lantern quietly orbiting plums';

/**
 * The account services wired as AuthModule wires them, on a test database. Mail stays in the outbox for
 * the test to read: delivery is OutboxWorker's job, tested in its own spec.
 */
export async function accountServices(dataSource: DataSource, env: NodeJS.ProcessEnv = {}) {
  const config: AppConfig = testConfig({ BCRYPT_COST: '4', PUBLIC_URL: 'https://id.example.com', ...env });
  const hasher = new PasswordHasher(config);
  await hasher.onModuleInit();
  // No listener: the activity rows are the activity module's and its e2e tests'.
  const events = new EventEmitter2();
  const outbox = idleOutbox(dataSource, config);
  const tokens = new OneTimeTokensService();
  const users = new UsersService(dataSource.getRepository(User), config);
  const sessions = sessionsService(dataSource, config, events, outbox);
  const accessTokens = new AccessTokens(config);
  const lockout = new LoginLockout(dataSource.getRepository(User), config);
  const deviceTokens = new DeviceTokens(config);
  const credentials = new CredentialsVerifier(users, hasher, lockout, deviceTokens, dataSource, events);
  const currentPasswordCheck = new CurrentPasswordCheck(
    dataSource.getRepository(Session),
    hasher,
    lockout,
    events,
  );
  const reauthMethods = new ReauthMethods();
  const sensitiveChangeCheck = new SensitiveChangeCheck(
    currentPasswordCheck,
    new RecentAuthCheck(reauthMethods),
  );
  const emailChange = new EmailChangeService(
    dataSource,
    config,
    sensitiveChangeCheck,
    tokens,
    outbox,
    events,
  );
  const codes = new OneTimeCodesService(dataSource, tokens, config);
  const magicLinkMail = new MagicLinkMail(config, tokens, codes, outbox);
  const secretBox = new SecretBox(config);
  const mfaRepository = new MfaRepository(dataSource);
  const mfaNotices = new MfaNotices(config, outbox);
  const mfaReset = new MfaReset(mfaRepository, mfaNotices);
  const mfa = new MfaService(dataSource, config, mfaRepository, secretBox, mfaNotices, mfaReset, events);
  const auth = new AuthService(
    dataSource,
    config,
    users,
    hasher,
    sessions,
    accessTokens,
    tokens,
    outbox,
    emailChange,
    credentials,
    magicLinkMail,
    new MfaChallenges(dataSource, tokens),
    events,
  );
  return {
    config,
    hasher,
    lockout,
    deviceTokens,
    credentials,
    currentPasswordCheck,
    reauthMethods,
    sensitiveChangeCheck,
    accessTokens,
    outbox,
    tokens,
    codes,
    users,
    sessions,
    emailChange,
    secretBox,
    mfaReset,
    mfa,
    auth,
    events,
  };
}

export type AccountServices = Awaited<ReturnType<typeof accountServices>>;

/** A spec file's migrated database, the account services on it and its users table; filled in beforeAll. */
export interface AccountSpec {
  db: TestDatabase;
  services: AccountServices;
  userRows: Repository<User>;
}

/** Registers beforeAll/afterAll for one spec file; read the fields inside tests and hooks. */
export function useAccountServices(): AccountSpec {
  const spec = {} as AccountSpec;
  beforeAll(async () => {
    spec.db = await createTestDatabase(ACCOUNT_ENTITIES);
    spec.services = await accountServices(spec.db.dataSource);
    spec.userRows = spec.db.dataSource.getRepository(User);
  });
  afterAll(() => spec.db?.close());
  return spec;
}

/** Stores a confirmed account with a fresh address and nickname and TEST_PASSWORD; `fields` override. */
export async function insertAccount(
  { hasher }: Pick<AccountServices, 'hasher'>,
  users: Repository<User>,
  fields: Partial<User> = {},
): Promise<User> {
  return insertUser(users.manager.connection, {
    passwordHash: await hasher.hash(TEST_PASSWORD),
    emailConfirmedAt: new Date(),
    ...fields,
  });
}

/** A new session of `user`, as the guards hand it to a route. */
export async function signedInAs(
  { sessions }: Pick<AccountServices, 'sessions'>,
  user: User,
): Promise<AuthenticatedSession> {
  const { sessionId } = await sessions.start(user, false, {}, ['pwd']);
  return { sessionId, user, recentlyAuthenticated: true };
}

/** The mail queued for `to`, oldest first. */
export function outboxFor(dataSource: DataSource, to: string): Promise<MailOutbox[]> {
  return dataSource.getRepository(MailOutbox).find({ where: { to }, order: { createdAt: 'ASC' } });
}

/** The token of the link in a queued mail's `confirmUrl`. */
export function tokenOf(mail: MailOutbox): string {
  const url = new URL(String(mail.data.confirmUrl));
  const token = url.searchParams.get('token');
  if (!token) throw new Error(`mail to ${mail.to} has no token link: ${JSON.stringify(mail.data)}`);
  return token;
}
