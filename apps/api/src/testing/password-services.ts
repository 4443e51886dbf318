import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MailOutbox } from '../mail/mail-outbox.entity';
import { testConfig } from './test-config';
import { ACCOUNT_ENTITIES } from './test-accounts';
import { createTestDatabase, TestDatabase } from './test-database';
import { User } from '../users/user.entity';
import { UsersService } from '../users/users.service';
import { Session } from '../auth/sessions/session.entity';
import type { SessionsService } from '../auth/sessions/sessions.service';
import { idleOutbox, sessionsService } from './session-services';
import { OneTimeCodesService } from '../auth/tokens/one-time-codes.service';
import { OneTimeTokensService } from '../auth/tokens/one-time-tokens.service';
import { CurrentPasswordCheck } from '../auth/lockout/current-password-check';
import { ReauthMethods } from '../auth/reauth/reauth-methods';
import { RecentAuthCheck } from '../auth/reauth/recent-auth';
import { SensitiveChangeCheck } from '../auth/reauth/sensitive-change-check';
import { LoginLockout } from '../auth/lockout/login-lockout';
import { PasswordChangeService } from '../auth/password/password-change.service';
import { PasswordHasher } from '../auth/password/password-hasher';
import { PasswordResetService } from '../auth/password/password-reset.service';

export const PUBLIC_URL = 'https://id.example.com';
/** Listed in ADMIN_EMAILS; tests that change what an address may become take one each. */
export const ADMIN_EMAILS = ['boss@example.com', 'chief@example.com', 'head@example.com'];

/** The password services wired as AuthModule wires them, on a migrated test database (specs only). */
export interface PasswordServices {
  db: TestDatabase;
  dataSource: DataSource;
  hasher: PasswordHasher;
  sessions: SessionsService;
  tokens: OneTimeTokensService;
  resets: PasswordResetService;
  changes: PasswordChangeService;
}

export async function createPasswordServices(): Promise<PasswordServices> {
  const db = await createTestDatabase(ACCOUNT_ENTITIES);
  const { dataSource } = db;
  const config = testConfig({ BCRYPT_COST: '4', PUBLIC_URL, ADMIN_EMAILS: ADMIN_EMAILS.join(',') });
  const hasher = new PasswordHasher(config);
  await hasher.onModuleInit();
  // Rows are what these specs look at; delivering them is OutboxWorker's job and its own spec's.
  const outbox = idleOutbox(dataSource, config);
  const sessions = sessionsService(dataSource, config, new EventEmitter2(), outbox);
  const users = new UsersService(dataSource.getRepository(User), config);
  const tokens = new OneTimeTokensService();
  const codes = new OneTimeCodesService(dataSource, tokens, config);
  const lockout = new LoginLockout(dataSource.getRepository(User), config);
  const currentPasswordCheck = new CurrentPasswordCheck(
    dataSource.getRepository(Session),
    hasher,
    lockout,
    new EventEmitter2(),
  );
  const sensitiveChangeCheck = new SensitiveChangeCheck(
    currentPasswordCheck,
    new RecentAuthCheck(new ReauthMethods()),
  );
  const changes = new PasswordChangeService(
    dataSource,
    config,
    hasher,
    sessions,
    outbox,
    tokens,
    sensitiveChangeCheck,
    new EventEmitter2(),
  );
  const resets = new PasswordResetService(dataSource, config, users, hasher, tokens, codes, changes, outbox);
  return { db, dataSource, hasher, sessions, tokens, resets, changes };
}

/** Registers beforeAll/afterAll for one spec file; call the returned function inside tests and hooks. */
export function usePasswordServices(): () => PasswordServices {
  let services: PasswordServices | undefined;
  beforeAll(async () => {
    services = await createPasswordServices();
  });
  afterAll(() => services?.db.close());
  return () => {
    if (!services) throw new Error('the password services are not started yet');
    return services;
  };
}

/** A user with `password`, stored as the sign-up would store it. */
export async function createUser(
  { dataSource, hasher }: PasswordServices,
  password: string,
  fields: Partial<User> = {},
): Promise<User> {
  const suffix = randomBytes(4).toString('hex');
  return dataSource.manager.save(
    dataSource.manager.create(User, {
      email: `pw.${suffix}@example.com`,
      nickname: `walker-${suffix}`,
      passwordHash: await hasher.hash(password),
      ...fields,
    }),
  );
}

/** The mails written to the outbox for `to`, oldest first. */
export function mailsTo({ dataSource }: PasswordServices, to: string): Promise<MailOutbox[]> {
  return dataSource.manager.find(MailOutbox, { where: { to }, order: { createdAt: 'ASC' } });
}

export const passphrase = () => `harbour ${randomBytes(4).toString('hex')} lantern drift`;
