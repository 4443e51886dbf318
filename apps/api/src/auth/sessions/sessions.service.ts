import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { User } from '../../users/user.entity';
import { hashSecretToken, newSecretToken } from '../tokens/secret-token';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';

/** Where a request came from; kept on the session so people can recognise their devices. */
export interface ClientInfo {
  ip?: string;
  userAgent?: string;
}

/** What the guards attach to a request: the live session and its account as they are now. */
export interface AuthenticatedSession {
  sessionId: string;
  user: User;
}

export interface SessionGrant {
  sessionId: string;
  user: User;
  refreshToken: string;
  rememberMe: boolean;
}

const USER_AGENT_MAX = 512;
/** Column aliases of the user's fields in the session lookup. */
const USER_ALIAS = 'user';

@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {
    this.activeSessionSql = this.buildActiveSessionSql();
  }

  /**
   * Every authenticated request runs this lookup, so its SQL is built by the query builder once, at start,
   * rather than per request (building it cost more CPU than the database round trip).
   */
  private readonly activeSessionSql: string;

  /** A new session for a user who just proved who they are, with its first refresh token. */
  async start(user: User, rememberMe: boolean, client: ClientInfo): Promise<SessionGrant> {
    return this.dataSource.transaction(async (manager) => {
      const session = await manager.save(
        manager.create(Session, {
          userId: user.id,
          rememberMe,
          ...clientFields(client),
          expiresAt: this.expiryFrom(rememberMe),
        }),
      );
      const refreshToken = await this.addRefreshToken(manager, session.id);
      return { sessionId: session.id, user, refreshToken, rememberMe };
    });
  }

  /** The session behind an access token, if it is still live and its account not disabled: one indexed read. */
  async findActive(sessionId: string): Promise<AuthenticatedSession | undefined> {
    const [row] = (await this.dataSource.query(this.activeSessionSql, [sessionId])) as Record<
      string,
      unknown
    >[];
    return row && { sessionId, user: this.userFromRow(row) };
  }

  /**
   * Exchanges a refresh token for the next one. A token that was already exchanged is accepted again only
   * within the grace period (parallel tabs refreshing at once); later, it means the token was stolen and
   * replayed, so the whole session ends. Returns undefined for anything that must not refresh.
   */
  async rotate(refreshToken: string, client: ClientInfo): Promise<SessionGrant | undefined> {
    return this.dataSource.transaction(async (manager) => {
      const current = await manager.findOneBy(RefreshToken, { tokenHash: hashSecretToken(refreshToken) });
      if (!current) return undefined;
      const session = await manager.findOne(Session, {
        where: { id: current.sessionId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
        relations: { user: true },
      });
      if (!session?.user || session.user.disabledAt) return undefined;

      if (!(await this.markRotated(manager, current)) && !this.withinGrace(current)) {
        await manager.update(Session, { id: session.id }, { revokedAt: () => 'now()' });
        return undefined;
      }
      await manager.update(
        Session,
        { id: session.id },
        {
          lastUsedAt: () => 'now()',
          expiresAt: this.expiryFrom(session.rememberMe),
          ...clientFields(client),
        },
      );
      const next = await this.addRefreshToken(manager, session.id);
      return {
        sessionId: session.id,
        user: session.user,
        refreshToken: next,
        rememberMe: session.rememberMe,
      };
    });
  }

  /** Ends the session: its access tokens fail at the next request and its refresh tokens are refused. */
  async revoke(sessionId: string): Promise<void> {
    await this.sessions.update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
  }

  /**
   * Ends every session of the user (password reset or change, disable, delete), optionally keeping the one
   * the request came from. Pass the transaction's manager so it ends together with the change that caused it.
   */
  async revokeAllForUser(
    userId: string,
    exceptSessionId?: string,
    manager = this.sessions.manager,
  ): Promise<void> {
    const update = manager
      .createQueryBuilder()
      .update(Session)
      .set({ revokedAt: () => 'now()' })
      .where('user_id = :userId AND revoked_at IS NULL', { userId });
    if (exceptSessionId) update.andWhere('id <> :exceptSessionId', { exceptSessionId });
    await update.execute();
  }

  private buildActiveSessionSql(): string {
    const [sql] = this.sessions
      .createQueryBuilder('session')
      .select([])
      .innerJoin('session.user', USER_ALIAS)
      .addSelect(USER_ALIAS)
      .where('session.id = :sessionId AND session.revoked_at IS NULL AND session.expires_at > now()')
      .andWhere(`${USER_ALIAS}.disabled_at IS NULL`)
      .setParameter('sessionId', null)
      .getQueryAndParameters();
    return sql;
  }

  /** Maps the raw `user_<column>` fields of the lookup back onto a User through the entity's metadata. */
  private userFromRow(row: Record<string, unknown>): User {
    const user = new User();
    for (const column of this.dataSource.getMetadata(User).columns) {
      (user as unknown as Record<string, unknown>)[column.propertyName] =
        row[`${USER_ALIAS}_${column.databaseName}`];
    }
    return user;
  }

  /** Sets rotatedAt if nobody did yet; false when the token had already been exchanged. */
  private async markRotated(manager: EntityManager, token: RefreshToken): Promise<boolean> {
    if (token.rotatedAt) return false;
    const result = await manager.update(
      RefreshToken,
      { id: token.id, rotatedAt: IsNull() },
      { rotatedAt: () => 'now()' },
    );
    if (result.affected === 1) return true;
    token.rotatedAt = new Date(); // a parallel request exchanged it a moment ago
    return false;
  }

  private withinGrace(token: RefreshToken): boolean {
    const graceMs = this.config.refreshReuseGraceSeconds * 1000;
    return token.rotatedAt !== null && Date.now() - token.rotatedAt.getTime() < graceMs;
  }

  private async addRefreshToken(manager: EntityManager, sessionId: string): Promise<string> {
    const token = newSecretToken();
    await manager.insert(RefreshToken, { sessionId, tokenHash: hashSecretToken(token) });
    return token;
  }

  private expiryFrom(rememberMe: boolean): Date {
    const ttl = rememberMe ? this.config.rememberMeRefreshTokenTtl : this.config.refreshTokenTtl;
    return new Date(Date.now() + ttl * 1000);
  }
}

function clientFields({ ip, userAgent }: ClientInfo): Pick<Session, 'ip' | 'userAgent'> {
  return { ip: ip ?? null, userAgent: userAgent?.slice(0, USER_AGENT_MAX) ?? null };
}
