import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UsersService } from '../users/users.service';
import type { SignedIn } from './auth.service';
import { SignedInDto } from './dto/auth-responses.dto';
import { TokenDelivery } from './dto/login.dto';
import { DeviceCookie } from './lockout/device-cookie';
import { RefreshCookie } from './sessions/refresh-cookie';
import { ClientInfo } from './sessions/sessions.service';

/**
 * The one answer of every way in (password, refresh, and the passwordless ones): the profile and the
 * access token, the refresh token in the body or as the HttpOnly cookie (docs/architecture.md, Tokens and
 * sessions).
 */
@Injectable()
export class SignInReply {
  constructor(
    private readonly users: UsersService,
    private readonly refreshCookie: RefreshCookie,
    private readonly deviceCookie: DeviceCookie,
  ) {}

  send(signedIn: SignedIn, delivery: TokenDelivery, reply: FastifyReply): SignedInDto {
    const { user, accessToken, expiresIn, refreshToken, rememberMe, refreshExpiresIn } = signedIn;
    const response = { user: this.users.profileOf(user), accessToken, expiresIn };
    if (delivery === 'body') return { ...response, refreshToken };
    this.refreshCookie.set(reply, refreshToken, rememberMe ? refreshExpiresIn : undefined);
    return response;
  }

  /**
   * A password sign-in (with its second step, if any) also hands out the device token: as the HttpOnly
   * device cookie, and in the body with delivery "body" (docs/architecture.md › Passwords, lockout and
   * throttling).
   */
  sendWithDevice(
    signedIn: SignedIn & { deviceToken: string },
    delivery: TokenDelivery,
    reply: FastifyReply,
  ): SignedInDto {
    const response = this.send(signedIn, delivery, reply);
    this.deviceCookie.set(reply, signedIn.deviceToken);
    return delivery === 'body' ? { ...response, deviceToken: signedIn.deviceToken } : response;
  }
}

/** What a session records of the client that started or refreshed it. */
export function clientOf(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}
