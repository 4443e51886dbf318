import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PasswordHasher } from '../../auth/password/password-hasher';
import { AppConfig } from '../../config/app-config';
import { User } from '../user.entity';

export type PersonaKind = 'confirmed' | 'unconfirmed' | 'pending' | 'disabled' | 'admin';

interface PersonaSpec {
  kind: PersonaKind;
  nickname: string;
  /** Four words nobody guesses and no list of common passwords holds; lengthened to PASSWORD_MIN_LENGTH. */
  phrase: string;
  confirmed: boolean;
  approved: boolean;
  disabled: boolean;
  role: User['role'];
}

export interface SeededPersona {
  email: string;
  password: string;
  /** What the account can do on this server, in words for the printed table. */
  state: string;
  outcome: 'created' | 'reset';
}

export const PERSONA_DOMAIN = 'personas.latchkey.test';

/** One account per state a client meets: sign-in works, is held back, or is refused. */
export const PERSONAS: readonly PersonaSpec[] = [
  {
    kind: 'confirmed',
    nickname: 'persona-confirmed',
    phrase: 'amber lantern walks north',
    confirmed: true,
    approved: true,
    disabled: false,
    role: 'user',
  },
  {
    kind: 'unconfirmed',
    nickname: 'persona-unconfirmed',
    phrase: 'quiet harbor folds maps',
    confirmed: false,
    approved: false,
    disabled: false,
    role: 'user',
  },
  {
    kind: 'pending',
    nickname: 'persona-pending',
    phrase: 'silver kettle counts owls',
    confirmed: true,
    approved: false,
    disabled: false,
    role: 'user',
  },
  {
    kind: 'disabled',
    nickname: 'persona-disabled',
    phrase: 'velvet anchor hums softly',
    confirmed: true,
    approved: true,
    disabled: true,
    role: 'user',
  },
  {
    kind: 'admin',
    nickname: 'persona-admin',
    phrase: 'copper meadow keeps watch',
    confirmed: true,
    approved: true,
    disabled: false,
    role: 'admin',
  },
];

/**
 * Development accounts with known passwords (`npm run seed -- personas`), so testers and client developers
 * can sign in as each kind of account at once. Running it again puts every persona back into its state
 * and password, whatever a test did to it meanwhile. Never for production data: the CLI refuses there.
 */
@Injectable()
export class PersonasService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly hasher: PasswordHasher,
    private readonly config: AppConfig,
  ) {}

  /** ASCII, at least PASSWORD_MIN_LENGTH (≤ 64) long, so always within bcrypt's 72 bytes. */
  passwordOf(spec: PersonaSpec): string {
    const words = spec.phrase.replace(/ /g, '-');
    const length = Math.max(words.length, this.config.passwordMinLength);
    return `${words}-`.repeat(Math.ceil(length / words.length)).slice(0, length);
  }

  async seed(): Promise<SeededPersona[]> {
    const seeded: SeededPersona[] = [];
    for (const spec of PERSONAS) seeded.push(await this.seedOne(spec));
    return seeded;
  }

  private async seedOne(spec: PersonaSpec): Promise<SeededPersona> {
    const email = `${spec.kind}@${PERSONA_DOMAIN}`;
    const password = this.passwordOf(spec);
    const existing = await this.users.findOneBy({ email });
    const now = new Date();
    const user = existing ?? this.users.create({ email, nickname: spec.nickname });
    Object.assign(user, {
      passwordHash: await this.hasher.hash(password),
      role: spec.role,
      emailConfirmedAt: spec.confirmed ? (user.emailConfirmedAt ?? now) : null,
      approvedAt: spec.approved ? (user.approvedAt ?? now) : null,
      disabledAt: spec.disabled ? (user.disabledAt ?? now) : null,
      failedLoginCount: 0,
      lockedUntil: null,
    });
    await this.users.save(user);
    return { email, password, state: this.describe(spec), outcome: existing ? 'reset' : 'created' };
  }

  private describe(spec: PersonaSpec): string {
    switch (spec.kind) {
      case 'confirmed':
        return 'confirmed and approved: signs in and uses everything';
      case 'unconfirmed':
        return 'email not confirmed: signs in, may not use confirmed-only routes';
      case 'pending':
        return this.config.requireApproval
          ? 'confirmed, waiting for approval'
          : 'confirmed, not approved (held back only while REQUIRE_APPROVAL=true; now acts as confirmed)';
      case 'disabled':
        return 'disabled by an admin: sign-in refused';
      case 'admin':
        return 'admin: the admin pages and /admin routes';
    }
  }
}
