import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../../mail/outbox.service';
import { User } from '../../users/user.entity';
import { OneTimeCodesService } from '../tokens/one-time-codes.service';
import { OneTimeTokensService } from '../tokens/one-time-tokens.service';
import { spaLink } from '../tokens/spa-link';

/**
 * docs/architecture.md › Tokens and sessions: a magic link and its code live 15 minutes; the first of a
 * passwordless sign-up an hour.
 */
export const MAGIC_LINK_TTL_SECONDS = 15 * 60;
export const PASSWORDLESS_SIGNUP_TTL_SECONDS = 60 * 60;

/** Which mail carries the link: a sign-in asked for, or the first mail of an account without a password. */
export type MagicLinkOccasion = 'sign-in' | 'sign-up';

const OCCASIONS = {
  'sign-in': { template: 'magic-link', ttlSeconds: MAGIC_LINK_TTL_SECONDS },
  'sign-up': { template: 'passwordless-signup', ttlSeconds: PASSWORDLESS_SIGNUP_TTL_SECONDS },
} as const;

/**
 * Issues a sign-in link and a 6-digit code, both bound to the asking client's PKCE challenge, and mails
 * them, in the caller's transaction. They replace the account's earlier link and code: one mail's pair
 * is live at a time (docs/architecture.md, One-time secrets and codes).
 */
@Injectable()
export class MagicLinkMail {
  constructor(
    private readonly config: AppConfig,
    private readonly tokens: OneTimeTokensService,
    private readonly codes: OneTimeCodesService,
    private readonly outbox: OutboxService,
  ) {}

  async send(
    manager: EntityManager,
    user: User,
    codeChallenge: string,
    occasion: MagicLinkOccasion,
  ): Promise<void> {
    const { template, ttlSeconds } = OCCASIONS[occasion];
    const payload = { codeChallenge };
    const link = await this.tokens.issue(manager, user.id, 'magic-link', ttlSeconds, payload);
    const { code } = await this.codes.issue(manager, user.id, 'magic-link-code', ttlSeconds, payload);
    await this.outbox.enqueue(manager, {
      to: user.email,
      template,
      data: {
        nickname: user.nickname,
        signInUrl: spaLink(this.config.publicUrl, 'magic-link', link.token),
        code: code ?? '',
        expiresInMinutes: ttlSeconds / 60,
      },
      userId: user.id,
      // Mail that could not go out while its link lived is useless; the outbox drops it.
      expiresAt: link.expiresAt,
    });
  }
}
