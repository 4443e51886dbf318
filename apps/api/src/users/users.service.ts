import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { DocumentedProblem, problemException } from '../common/problem/api-problems.decorator';
import { ProblemException } from '../common/problem/problem';
import type { Locale } from '../common/locale/locale';
import { AppConfig } from '../config/app-config';
import { isUniqueViolation } from '../database/unique-violation';
import { makeAdmin, wasDemoted } from './admin/admin-role';
import { avatarVersion, randomAvatarVariant, renderAvatarSvg } from './avatar/avatar-tile';
import { UpdateProfileDto } from './dto/update-profile.dto';
import { UserProfileDto } from './dto/user-profile.dto';
import { generateNickname } from './nickname/nickname-generator';
import { User, USERS_NICKNAME_INDEX } from './user.entity';

/** Generated nicknames collide rarely (≈ 10⁵ combinations); a few retries make a failure practically impossible. */
const GENERATED_NICKNAME_ATTEMPTS = 8;

export interface NewUser {
  email: string;
  /** Null for an account without a password (it signs in by mailed links or passkeys). */
  passwordHash: string | null;
  /** A nickname the person chose (already validated); otherwise one is generated. */
  nickname?: string;
  /** The language its mail comes in (the sign-up's Accept-Language); English when left out. */
  locale?: Locale;
}

export const NICKNAME_TAKEN_PROBLEM: DocumentedProblem = [
  409,
  'NICKNAME_TAKEN',
  'That nickname is already taken; try another.',
];
export const nicknameTaken = () => problemException(NICKNAME_TAKEN_PROBLEM);

export const userNotFound = () =>
  new ProblemException(HttpStatus.NOT_FOUND, 'NOT_FOUND', 'There is no such user.');

/** The columns a person changes on their own profile. */
type ProfileChanges = Partial<Pick<User, 'nickname' | 'avatarVariant' | 'locale'>>;

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly config: AppConfig,
  ) {}

  findByEmail(email: string): Promise<User | null> {
    return this.users.findOneBy({ email });
  }

  async isNicknameTaken(nickname: string, manager = this.users.manager): Promise<boolean> {
    return manager
      .createQueryBuilder(User, 'user')
      .where('lower(user.nickname) = lower(:nickname)', { nickname })
      .getExists();
  }

  /**
   * Inserts the account unless the address is taken, in which case it returns undefined. Written as one
   * INSERT … ON CONFLICT DO NOTHING, so parallel sign-ups of one address end with one row and no error.
   */
  async createUnlessEmailTaken(manager: EntityManager, input: NewUser): Promise<User | undefined> {
    for (let attempt = 0; attempt < GENERATED_NICKNAME_ATTEMPTS; attempt++) {
      const nickname = input.nickname ?? generateNickname();
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(User)
        .values({
          email: input.email,
          nickname,
          passwordHash: input.passwordHash,
          avatarVariant: randomAvatarVariant(),
          ...(input.locale && { locale: input.locale }),
        })
        .orIgnore()
        .returning('id')
        .execute();
      const row = inserted.raw[0] as { id: string } | undefined;
      if (row) return manager.findOneByOrFail(User, { id: row.id });
      // The conflict was on the email or on the nickname; only the email means "already registered".
      if (await manager.existsBy(User, { email: input.email })) return undefined;
      if (input.nickname !== undefined) throw nicknameTaken();
    }
    throw new Error(`no free generated nickname after ${GENERATED_NICKNAME_ATTEMPTS} attempts`);
  }

  /** Changes with the tile, so the tile itself may be cached for long. */
  avatarUrlOf(user: Pick<User, 'id' | 'nickname' | 'avatarVariant'>): string {
    return `${this.config.publicUrl}/api/v1/users/${user.id}/avatar?v=${avatarVersion(user.nickname, user.avatarVariant)}`;
  }

  profileOf(user: User): UserProfileDto {
    return {
      id: user.id,
      email: user.email,
      nickname: user.nickname,
      avatarUrl: this.avatarUrlOf(user),
      emailConfirmed: user.emailConfirmedAt !== null,
      approved: this.isApproved(user),
      role: user.role,
      hasPassword: user.passwordHash !== null,
      passkeyCount: user.passkeyCount,
      mfaEnabled: user.mfaEnabled,
      recoveryCodesLeft: user.recoveryCodesLeft,
      locale: user.locale,
      createdAt: user.createdAt.toISOString(),
    };
  }

  /**
   * The owner proved they read the address (a confirmation or reset link): confirmed from now on. Never
   * promotes: whoever signed up with a listed address may not be its owner (see promoteAdminEmail).
   * Changes the entity only; the caller saves it.
   */
  markEmailConfirmed(user: User): void {
    user.emailConfirmedAt ??= new Date();
  }

  isAdminEmail(email: string): boolean {
    return this.config.adminEmails.has(email);
  }

  /**
   * Makes an account at an ADMIN_EMAILS address admin. The one caller is a password reset by the link
   * mailed to that address: it proves the mailbox, sets a password only the mailbox owner knows and ends
   * every earlier session, so nobody who pre-registered the address keeps a way in. An address that was
   * demoted once is never promoted again (docs/architecture.md, Account states and guards).
   * Changes the entity only; the caller saves it.
   */
  async promoteAdminEmail(manager: EntityManager, user: User): Promise<void> {
    if (user.role === 'admin' || !this.isAdminEmail(user.email)) return;
    if (!(await wasDemoted(manager, user.email))) makeAdmin(user);
  }

  /** Approval only holds an account back while the server requires it; admins never wait for it. */
  isApproved(user: User): boolean {
    return !this.config.requireApproval || user.approvedAt !== null || user.role === 'admin';
  }

  /**
   * PATCH /users/me. The unique index on lower(nickname) is the check, so of two people taking one nickname
   * at once exactly one gets it and the other 409 NICKNAME_TAKEN; one's own nickname in another case passes.
   */
  async updateProfile(user: User, { nickname, locale }: UpdateProfileDto): Promise<User> {
    const changes: ProfileChanges = {
      ...(nickname !== undefined && nickname !== user.nickname && { nickname }),
      ...(locale !== undefined && locale !== user.locale && { locale }),
    };
    if (Object.keys(changes).length === 0) return user;
    try {
      return await this.change(user, changes);
    } catch (error) {
      if (isUniqueViolation(error, USERS_NICKNAME_INDEX)) throw nicknameTaken();
      throw error;
    }
  }

  /** Moves the tile to another template; randomAvatarVariant never returns the current one. */
  regenerateAvatar(user: User): Promise<User> {
    return this.change(user, { avatarVariant: randomAvatarVariant(user.avatarVariant) });
  }

  /** Writes `changes` to the account row and to `user`; 404 when the account was deleted meanwhile. */
  private async change(user: User, changes: ProfileChanges): Promise<User> {
    // update() rather than save(): save() re-inserts a row that a parallel deletion removed.
    const { affected } = await this.users.update({ id: user.id }, changes);
    if (!affected) throw userNotFound();
    return Object.assign(user, changes);
  }

  async avatarSvg(id: string): Promise<string> {
    const user = await this.users.findOne({ where: { id }, select: { nickname: true, avatarVariant: true } });
    if (!user) throw userNotFound();
    return renderAvatarSvg(user.nickname, user.avatarVariant);
  }
}
