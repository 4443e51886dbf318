import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../../config/app-config';
import { DEVICE_TOKEN_TTL_SECONDS } from './device-tokens';

export const DEVICE_COOKIE = 'latchkey_device';
/**
 * The name over HTTPS: the browser only accepts a `__Host-` cookie from this very origin, secure and for
 * the path `/`, so no sibling domain or plain-http page can plant or overwrite one. Plain-http development
 * keeps the bare name and no Secure flag, since browsers refuse prefixed cookies there.
 */
export const SECURE_DEVICE_COOKIE = `__Host-${DEVICE_COOKIE}`;

/**
 * The device token as a cookie, for browsers: HttpOnly (no script reads it), SameSite=Strict, long-lived
 * (docs/architecture.md, Passwords, lockout and throttling). The scheme is PUBLIC_URL's.
 */
@Injectable()
export class DeviceCookie {
  readonly name: string;
  private readonly secure: boolean;

  constructor(config: AppConfig) {
    this.secure = new URL(config.publicUrl).protocol === 'https:';
    this.name = this.secure ? SECURE_DEVICE_COOKIE : DEVICE_COOKIE;
  }

  set(reply: FastifyReply, token: string): void {
    reply.setCookie(this.name, token, {
      httpOnly: true,
      secure: this.secure,
      sameSite: 'strict',
      path: '/',
      maxAge: DEVICE_TOKEN_TTL_SECONDS,
    });
  }

  read(request: FastifyRequest): string | undefined {
    return request.cookies?.[this.name] || undefined;
  }
}
