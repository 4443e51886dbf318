import { HttpStatus, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Raw, Repository } from 'typeorm';
import { recordActivity } from '../../common/events/security-activity.event';
import { ProblemException } from '../../common/problem/problem';
import { SessionDto } from '../dto/session.dto';
import { deviceLabel } from '../../common/http/device-label';
import { Session } from './session.entity';

/** Someone who logs in from scripts all day piles up sessions; the list shows the most recently used. */
export const SESSION_LIST_LIMIT = 100;

export const sessionNotFound = () =>
  new ProblemException(HttpStatus.NOT_FOUND, 'NOT_FOUND', 'You have no such session.');

/** Live: neither revoked nor expired, by the database's clock as the session check reads it. */
const live = { revokedAt: IsNull(), expiresAt: Raw((column) => `${column} > now()`) };

/** A person's own view of their sessions: which devices are signed in, and ending one of them. */
@Injectable()
export class UserSessionsService {
  constructor(
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly events: EventEmitter2,
  ) {}

  /** The user's live sessions, most recently used first; `current` marks the one the request came with. */
  async list(userId: string, currentSessionId: string): Promise<SessionDto[]> {
    const sessions = await this.sessions.find({
      where: { userId, ...live },
      order: { lastUsedAt: 'DESC', createdAt: 'DESC', id: 'ASC' },
      take: SESSION_LIST_LIMIT,
    });
    return sessions.map((session) => ({
      id: session.id,
      device: deviceLabel(session.userAgent),
      ip: session.ip,
      createdAt: session.createdAt.toISOString(),
      lastUsedAt: session.lastUsedAt.toISOString(),
      current: session.id === currentSessionId,
    }));
  }

  /**
   * Ends one of the user's live sessions: its access tokens fail at the next request, its refresh token is
   * refused. Another user's session, an ended one and an unknown id all get the same 404.
   */
  async revoke(userId: string, sessionId: string): Promise<void> {
    await this.sessions.manager.transaction(async (manager) => {
      const { affected } = await manager.update(
        Session,
        { id: sessionId, userId, ...live },
        { revokedAt: () => 'now()' },
      );
      if (!affected) throw sessionNotFound();
      await recordActivity(this.events, manager, {
        type: 'session.revoked',
        subjectId: userId,
        sessionId,
        details: { scope: 'one' },
      });
    });
  }
}
