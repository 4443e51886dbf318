import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { RecoveryCode } from '../auth/mfa/recovery-code.entity';
import { TotpCredential } from '../auth/mfa/totp-credential.entity';
import { RefreshToken } from '../auth/sessions/refresh-token.entity';
import { Session } from '../auth/sessions/session.entity';
import { OneTimeToken } from '../auth/tokens/one-time-token.entity';
import { MailCap } from '../mail/mail-cap.entity';
import { MailOutbox } from '../mail/mail-outbox.entity';
import { Image } from '../images/image.entity';
import { AdminEmailDemotion } from '../users/admin/admin-email-demotion.entity';
import { User } from '../users/user.entity';

/** Every entity the accounts services read or write (deleting an account deletes its images), for createTestDatabase. */
export const ACCOUNT_ENTITIES = [
  User,
  Session,
  RefreshToken,
  OneTimeToken,
  MailOutbox,
  MailCap,
  Image,
  AdminEmailDemotion,
  TotpCredential,
  RecoveryCode,
];

/**
 * Stores an account with a fresh address and nickname, so tests sharing a database never collide;
 * a test sets only the fields it is about.
 */
export function insertUser(dataSource: DataSource, fields: Partial<User> = {}): Promise<User> {
  const unique = randomBytes(5).toString('hex');
  const users = dataSource.getRepository(User);
  return users.save(
    users.create({
      email: `user-${unique}@example.com`,
      nickname: `user-${unique}`,
      passwordHash: null,
      ...fields,
    }),
  );
}
