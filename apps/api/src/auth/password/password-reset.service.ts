import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { ProblemException } from '../../common/problem/problem';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../../mail/outbox.service';
import { User } from '../../users/user.entity';
import { UsersService } from '../../users/users.service';
import { OneTimeToken } from '../tokens/one-time-token.entity';
import { OneTimeCodesService } from '../tokens/one-time-codes.service';
import { OneTimeTokensService } from '../tokens/one-time-tokens.service';
import { PasswordChangeService } from './password-change.service';
import { PasswordHasher } from './password-hasher';
import { ResetPasswordDto } from './password.dto';

/**
 * docs/architecture.md › Tokens and sessions: the reset link lives 30 minutes, the code in the same mail 10.
 */
export const RESET_LINK_TTL_SECONDS = 30 * 60;
export const RESET_CODE_TTL_SECONDS = 10 * 60;

const invalidResetProof = () =>
  new ProblemException(
    HttpStatus.BAD_REQUEST,
    'INVALID_TOKEN',
    'This link or code is invalid, already used or expired. Ask for a new one.',
  );

/** Proof of the mailbox that a reset request brought: the token or code row (unused yet) and its account. */
interface ResetProof {
  secret: OneTimeToken;
  user: User;
}

/** Forgotten passwords: a mail with a link and a code, then a new password for whoever brings either. */
@Injectable()
export class PasswordResetService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: OneTimeTokensService,
    private readonly codes: OneTimeCodesService,
    private readonly passwords: PasswordChangeService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Mails a reset link and code to the account of `email`, replacing earlier ones. Known and unknown
   * addresses run the same lookup and claim the same per-address mail slot, so neither the answer nor
   * the queries up to the mail tell them apart. Within a minute of the last mail nothing changes.
   */
  async forgotPassword(email: string): Promise<void> {
    const found = await this.users.findByEmail(email);
    const account = found && !found.disabledAt ? found : undefined;
    await this.dataSource.transaction(async (manager) => {
      const mayMail = await this.outbox.claimCap(manager, email, 'reset-password');
      if (mayMail && account) await this.sendResetMail(manager, account);
    });
  }

  /**
   * Sets the new password for whoever proves the mailbox with the link's token or the mail's code. The
   * secret is spent only once the new password passed the policy, so a refused password leaves it working.
   * Every session ends and nobody is signed in. The link (a 256-bit secret) also confirms the address
   * and promotes an ADMIN_EMAILS address; a guessable code does neither.
   */
  async resetPassword({ token, email, code, newPassword }: ResetPasswordDto): Promise<void> {
    const proof = token !== undefined ? await this.proofByLink(token) : await this.proofByCode(email!, code!);
    if (!proof) throw invalidResetProof();
    this.passwords.assertAcceptable(newPassword, proof.user);
    const passwordHash = await this.hasher.hash(newPassword);

    await this.dataSource.transaction(async (manager) => {
      // Locked, so an admin's parallel change of the role is not overwritten by the save below.
      const user = await manager.findOne(User, {
        where: { id: proof.user.id, disabledAt: IsNull() },
        lock: { mode: 'pessimistic_write' },
      });
      if (!user || !(await this.tokens.consumeFound(manager, proof.secret))) throw invalidResetProof();
      // The mailbox is proven, so earlier typos of the code are forgiven; the other half of the mail dies
      // with every other pending secret in replacePassword.
      await this.codes.retire(manager, user.id, 'reset-password-code');
      if (proof.secret.purpose === 'reset-password') {
        this.users.markEmailConfirmed(user);
        await this.users.promoteAdminEmail(manager, user);
        await manager.save(user);
      }
      await this.passwords.replacePassword(manager, user, passwordHash, 'account.password_reset');
    });
  }

  private async proofByLink(token: string): Promise<ResetProof | undefined> {
    const secret = await this.tokens.find(this.dataSource.manager, token, 'reset-password');
    return secret ? this.withOwner(secret) : undefined;
  }

  /** Unknown address and wrong code get the same answer; only a known address's code counts wrong guesses. */
  private async proofByCode(email: string, code: string): Promise<ResetProof | undefined> {
    const user = await this.users.findByEmail(email);
    if (!user || user.disabledAt) return undefined;
    const secret = await this.codes.check(user.id, 'reset-password-code', code);
    return secret && { secret, user };
  }

  private async withOwner(secret: OneTimeToken): Promise<ResetProof | undefined> {
    const user = await this.dataSource.manager.findOneBy(User, { id: secret.userId, disabledAt: IsNull() });
    return user ? { secret, user } : undefined;
  }

  private async sendResetMail(manager: EntityManager, user: User): Promise<void> {
    const link = await this.tokens.issue(manager, user.id, 'reset-password', RESET_LINK_TTL_SECONDS);
    const { code } = await this.codes.issue(manager, user.id, 'reset-password-code', RESET_CODE_TTL_SECONDS);
    await this.outbox.enqueue(manager, {
      to: user.email,
      template: 'reset-password',
      data: {
        nickname: user.nickname,
        resetUrl: `${this.config.publicUrl}/reset-password?token=${encodeURIComponent(link.token)}`,
        linkExpiresInMinutes: RESET_LINK_TTL_SECONDS / 60,
        code: code ?? '',
        codeExpiresInMinutes: RESET_CODE_TTL_SECONDS / 60,
      },
      userId: user.id,
      // Mail that could not go out while its link lived is useless; the outbox drops it.
      expiresAt: link.expiresAt,
    });
  }
}
