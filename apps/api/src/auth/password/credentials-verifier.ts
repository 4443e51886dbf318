import { Injectable } from '@nestjs/common';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { LoginLockout } from '../lockout/login-lockout';
import { PasswordHasher } from './password-hasher';

/** Decides whether an email and password open an account, honouring the per-account lockout. */
@Injectable()
export class CredentialsVerifier {
  constructor(
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly lockout: LoginLockout,
  ) {}

  /**
   * The account the pair opens, or undefined for every kind of failure: unknown address, wrong password,
   * locked or disabled account. Each path spends exactly one bcrypt comparison before deciding, so neither
   * the answer nor its timing tells them apart; unknown addresses have nothing to lock.
   */
  async accountFor(email: string, password: string): Promise<User | undefined> {
    const user = await this.users.findByEmail(email);
    const matches = await this.hasher.verify(password, user?.passwordHash ?? null);
    if (!user || user.disabledAt) return undefined;
    if (!matches) {
      await this.lockout.recordFailure(user.id);
      return undefined;
    }
    return (await this.lockout.admitSuccess(user)) ? user : undefined;
  }
}
