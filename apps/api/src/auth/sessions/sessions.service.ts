import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { DataSource, EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { recordActivity } from '../../common/events/security-activity.event';
import { AppConfig } from '../../config/app-config';
import { BatchedLookup } from '../../database/batched-lookup';
import { AliasedColumns, runPrepared } from '../../database/prepared-statements';
import { User } from '../../users/user.entity';
import { hashSecretToken, newSecretToken } from '../tokens/secret-token';
import { AuthMethod } from './auth-methods';
import { RefreshToken } from './refresh-token.entity';
import { Session } from './session.entity';
import { KnownDevices } from './known-devices';
import { PlannedSession, signInDetails, START_SESSION_SQL, START_SESSION_STATEMENT } from './session-start';
import { SuccessorSeal } from './successor-seal';

/** Where a request came from; kept on the session so people can recognise their devices. */
export interface ClientInfo {
  ip?: string;
  userAgent?: string;
  /** The device token the client presented at a sign-in (body or cookie), if any: not checked yet. */
  deviceToken?: string;
}

/** What the guards attach to a request: the live session and its account as they are now. */
export interface AuthenticatedSession {
  sessionId: string;
  user: User;
  /** Signed in or re-authenticated within RECENT_AUTH_WINDOW, by the database's clock. */
  recentlyAuthenticated: boolean;
}

export interface SessionGrant {
  sessionId: string;
  user: User;
  refreshToken: string;
  rememberMe: boolean;
  /** How the holder proved who they are (the access token's `amr`). */
  amr: AuthMethod[];
  /** Seconds until the refresh token expires: the sliding expiry, never past the session's absolute end. */
  refreshExpiresIn: number;
}

/** A session a sign-in started: also the device token it hands out, and whether the device is new to the account. */
export interface SignInGrant extends SessionGrant {
  deviceToken: string;
  newDevice: boolean;
}

/** A refresh token handed out by an exchange, and how long it lives. */
interface Successor {
  refreshToken: string;
  refreshExpiresIn: number;
}

/**
 * Forgets the sealed successors whose grace is over, for every session: there are only as many as refreshes
 * within the last grace period. SKIP LOCKED leaves rows that a parallel exchange holds, so sweeps never wait.
 */
const FORGET_SEALED_SUCCESSORS_SQL = `
  UPDATE refresh_tokens SET sealed_successor = NULL
  WHERE id IN (
    SELECT id FROM refresh_tokens
    WHERE sealed_successor IS NOT NULL AND rotated_at <= now() - make_interval(secs => $1)
    FOR UPDATE SKIP LOCKED)`;

const USER_AGENT_MAX = 512;
/** How far a replay within the grace follows a family that rotated again meanwhile. */
const MAX_SUCCESSOR_HOPS = 3;
/** Column aliases of the user's fields in the session lookup. */
const USER_ALIAS = 'user';
/** Column alias of the session's "recently authenticated" flag in the session lookup. */
const RECENT_ALIAS = 'recently_authenticated';
const SESSION_ID_ALIAS = 'session_id';
/** The session lookup as a prepared statement: each pooled connection parses and plans it once. */
const ACTIVE_SESSION_STATEMENT = 'latchkey_active_session';
@Injectable()
export class SessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly events: EventEmitter2,
    private readonly knownDevices: KnownDevices,
  ) {
    const activeSessionSql = this.buildActiveSessionSql();
    this.activeSessions = new BatchedLookup(async (ids) => {
      const rows = await runPrepared(dataSource, ACTIVE_SESSION_STATEMENT, activeSessionSql, [ids]);
      return new Map(rows.map((row) => [row[SESSION_ID_ALIAS] as string, row]));
    });
    this.userColumns = new AliasedColumns(dataSource, User, USER_ALIAS);
    this.seal = new SuccessorSeal(config.jwtSecret);
  }

  /** Keeps an exchanged token's successor for replays within the grace. */
  private readonly seal: SuccessorSeal;

  /**
   * Every authenticated request runs this lookup, so its SQL is built by the query builder once, at start,
   * rather than per request (building it cost more CPU than the database round trip); the lookups of
   * requests read in one turn of the event loop go as one query (`BatchedLookup`).
   */
  private readonly activeSessions: BatchedLookup<Record<string, unknown>>;
  /** The user's fields in the session lookup, under the aliases the query builder gives them. */
  private readonly userColumns: AliasedColumns<User>;

  /**
   * A new session for a user who just proved who they are, with its first refresh token. Its absolute end
   * (SESSION_MAX_AGE from now) is fixed here; refreshes move only the sliding expiry, and never past it.
   * `issuedDeviceToken`: the device token the flow already made (a password sign-in renews its own).
   */
  async start(
    user: User,
    rememberMe: boolean,
    client: ClientInfo,
    amr: AuthMethod[],
    issuedDeviceToken?: string,
  ): Promise<SignInGrant> {
    const plan = this.plan(user, rememberMe, client, amr, issuedDeviceToken);
    const [row] = await runPrepared(this.dataSource, START_SESSION_STATEMENT, START_SESSION_SQL, plan.values);
    return { ...plan.grant, newDevice: row?.new_device === true };
  }

  /** A session for start() or for another statement to start with sessionStartSql. */
  plan(
    user: User,
    rememberMe: boolean,
    client: ClientInfo,
    amr: AuthMethod[],
    issuedDeviceToken?: string,
  ): PlannedSession {
    const refreshExpiresIn = Math.min(this.slidingTtl(rememberMe), this.config.sessionMaxAge);
    const sessionId = randomUUID();
    const refreshToken = newSecretToken();
    const { ip, userAgent } = clientFields(client);
    const device = this.knownDevices.recognise(user.id, client, issuedDeviceToken);
    return {
      grant: {
        sessionId,
        user,
        refreshToken,
        rememberMe,
        amr,
        refreshExpiresIn,
        deviceToken: device.deviceToken,
      },
      values: [
        sessionId,
        user.id,
        rememberMe,
        amr,
        ip,
        userAgent,
        secondsFromNow(refreshExpiresIn),
        secondsFromNow(this.config.sessionMaxAge),
        hashSecretToken(refreshToken),
        JSON.stringify(signInDetails(amr)),
        ...device.values,
      ],
    };
  }

  /**
   * The session behind an access token, if it is still live (not revoked, neither its sliding expiry nor its
   * absolute end passed) and its account not disabled: one read by primary key, which the lookups asked in
   * the same turn of the event loop share.
   */
  async findActive(sessionId: string): Promise<AuthenticatedSession | undefined> {
    // A malformed id would fail the cast of the whole batch, and with it other people's lookups.
    if (!isUUID(sessionId)) return undefined;
    const row = await this.activeSessions.get(sessionId);
    return (
      row && {
        sessionId,
        user: this.userColumns.fromRow(row),
        recentlyAuthenticated: row[RECENT_ALIAS] === true,
      }
    );
  }

  /**
   * Exchanges a refresh token for the next one. A token that was already exchanged gets that same next token
   * again within the grace period (parallel tabs refreshing at once; any number of parallel requests yield one
   * successor, never a second branch); later, it means the token was stolen and replayed, so the whole session
   * ends. Returns undefined for anything that must not refresh.
   */
  async rotate(refreshToken: string, client: ClientInfo): Promise<SessionGrant | undefined> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(FORGET_SEALED_SUCCESSORS_SQL, [this.config.refreshReuseGraceSeconds]);
      const current = await manager.findOneBy(RefreshToken, { tokenHash: hashSecretToken(refreshToken) });
      const session = current && (await this.liveSession(manager, current.sessionId));
      if (!current || !session) return undefined;

      const successor =
        (await this.exchange(manager, current, session, client)) ??
        (await this.successorWithinGrace(manager, current, session.id));
      if (!successor) {
        await manager.update(Session, { id: session.id }, { revokedAt: () => 'now()' });
        await recordActivity(this.events, manager, {
          type: 'auth.refresh_reuse_detected',
          subjectId: session.user!.id,
          sessionId: session.id,
        });
        return undefined;
      }
      const { id: sessionId, user, rememberMe, amr } = session;
      return { sessionId, user: user!, rememberMe, amr, ...successor };
    });
  }

  /**
   * Records a fresh proof of identity on the session (re-authentication): it counts as recent again, and the
   * methods join its `amr` for the access tokens issued from now on.
   */
  async markRecentlyAuthenticated(sessionId: string, methods: AuthMethod[]): Promise<void> {
    await this.sessions
      .createQueryBuilder()
      .update(Session)
      .set({
        authenticatedAt: () => 'now()',
        amr: () => 'ARRAY(SELECT DISTINCT unnest(amr || CAST(:methods AS text[])))',
      })
      .where('id = :sessionId', { sessionId })
      .setParameter('methods', methods)
      .execute();
  }

  /**
   * Ends the session: its access tokens fail at the next request and its refresh tokens are refused. True
   * when this call ended it (false when it had ended already).
   */
  async revoke(sessionId: string, manager = this.sessions.manager): Promise<boolean> {
    const result = await manager.update(
      Session,
      { id: sessionId, revokedAt: IsNull() },
      { revokedAt: () => 'now()' },
    );
    return result.affected === 1;
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
      .select(
        `session.authenticated_at > now() - make_interval(secs => ${this.config.recentAuthWindow})`,
        RECENT_ALIAS,
      )
      .addSelect('session.id', SESSION_ID_ALIAS)
      .innerJoin('session.user', USER_ALIAS)
      .addSelect(USER_ALIAS)
      .where('session.id = ANY(:sessionIds) AND session.revoked_at IS NULL')
      .andWhere('session.expires_at > now() AND session.absolute_expires_at > now()')
      .andWhere(`${USER_ALIAS}.disabled_at IS NULL`)
      .setParameter('sessionIds', null)
      .getQueryAndParameters();
    return sql;
  }

  /** The session with its account, unless it was revoked, expired, passed its absolute end or was disabled. */
  private async liveSession(manager: EntityManager, id: string): Promise<Session | undefined> {
    const now = new Date();
    const session = await manager.findOne(Session, {
      where: { id, revokedAt: IsNull(), expiresAt: MoreThan(now), absoluteExpiresAt: MoreThan(now) },
      relations: { user: true },
    });
    return session?.user && !session.user.disabledAt ? session : undefined;
  }

  /**
   * Trades a token that was never exchanged for its successor, extending the session up to its absolute end.
   * The conditional update lets exactly one of parallel requests win; it records the successor, sealed, for
   * the others. Undefined when the token had been exchanged already (by now or a moment ago).
   */
  private async exchange(
    manager: EntityManager,
    current: RefreshToken,
    session: Session,
    client: ClientInfo,
  ): Promise<Successor | undefined> {
    if (current.rotatedAt) return undefined;
    const refreshToken = newSecretToken();
    const { affected } = await manager.update(
      RefreshToken,
      { id: current.id, rotatedAt: IsNull() },
      { rotatedAt: () => 'now()', sealedSuccessor: this.seal.seal(refreshToken, current.id) },
    );
    if (affected !== 1) return undefined;
    await manager.insert(RefreshToken, { sessionId: session.id, tokenHash: hashSecretToken(refreshToken) });
    const untilEnd = secondsUntil(session.absoluteExpiresAt);
    const refreshExpiresIn = Math.min(this.slidingTtl(session.rememberMe), untilEnd);
    await manager.update(
      Session,
      { id: session.id },
      { lastUsedAt: () => 'now()', expiresAt: secondsFromNow(refreshExpiresIn), ...clientFields(client) },
    );
    return { refreshToken, refreshExpiresIn };
  }

  /**
   * For a token exchanged less than the grace period ago: the token it was exchanged for, followed on to that
   * one's own successor if it was exchanged in turn meanwhile, so the caller gets the newest of the family.
   */
  private async successorWithinGrace(
    manager: EntityManager,
    exchanged: RefreshToken,
    sessionId: string,
  ): Promise<Successor | undefined> {
    let successor = await this.sealedSuccessorWithinGrace(manager, exchanged.id);
    for (let hop = 0; successor && hop < MAX_SUCCESSOR_HOPS; hop++) {
      const row = await manager.findOneBy(RefreshToken, { tokenHash: hashSecretToken(successor) });
      const next = row?.rotatedAt && (await this.sealedSuccessorWithinGrace(manager, row.id));
      if (!next) break;
      successor = next;
    }
    if (!successor) return undefined;
    // Read again: the exchange that won may have moved the expiry after this request loaded the session.
    const { expiresAt } = await manager.findOneOrFail(Session, {
      where: { id: sessionId },
      select: { id: true, expiresAt: true },
    });
    return { refreshToken: successor, refreshExpiresIn: secondsUntil(expiresAt) };
  }

  private async sealedSuccessorWithinGrace(manager: EntityManager, id: string): Promise<string | undefined> {
    const row = (await manager
      .createQueryBuilder(RefreshToken, 'token')
      .select('token.sealedSuccessor', 'sealed')
      .where('token.id = :id', { id })
      .andWhere('token.rotatedAt > now() - make_interval(secs => :grace)', {
        grace: this.config.refreshReuseGraceSeconds,
      })
      .getRawOne()) as { sealed: string | null } | undefined;
    return row?.sealed ? this.seal.open(row.sealed, id) : undefined;
  }

  private slidingTtl(rememberMe: boolean): number {
    return rememberMe ? this.config.rememberMeRefreshTokenTtl : this.config.refreshTokenTtl;
  }
}

function clientFields({ ip, userAgent }: ClientInfo): Pick<Session, 'ip' | 'userAgent'> {
  return { ip: ip ?? null, userAgent: userAgent?.slice(0, USER_AGENT_MAX) ?? null };
}

function secondsFromNow(seconds: number): Date {
  return new Date(Date.now() + seconds * 1000);
}

function secondsUntil(moment: Date): number {
  return Math.max(0, Math.floor((moment.getTime() - Date.now()) / 1000));
}
