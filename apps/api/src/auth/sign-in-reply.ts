import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UsersService } from '../users/users.service';
import type { FreshSignIn, SignedIn } from './auth.service';
import { SignedInDto } from './dto/auth-responses.dto';
import { TokenDelivery } from './dto/login.dto';
import { DeviceCookie } from './lockout/device-cookie';
import { KnownDevices } from './sessions/known-devices';
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
    private readonly knownDevices: KnownDevices,
  ) {}

  /** The answer of a refresh; a sign-in answers with signIn instead. */
  send(signedIn: SignedIn, delivery: TokenDelivery, reply: FastifyReply): SignedInDto {
    const { user, accessToken, expiresIn, refreshToken, rememberMe, refreshExpiresIn } = signedIn;
    const response = { user: this.users.profileOf(user), accessToken, expiresIn };
    if (delivery === 'body') return { ...response, refreshToken };
    this.refreshCookie.set(reply, refreshToken, rememberMe ? refreshExpiresIn : undefined);
    return response;
  }

  /**
   * The client of a sign-in, with the device token it presents: `bodyToken` when its route takes one in the
   * body, else the device cookie.
   */
  signingInClient(request: FastifyRequest, bodyToken?: string): ClientInfo {
    return { ...clientOf(request), deviceToken: bodyToken ?? this.deviceCookie.read(request) };
  }

  /**
   * The answer of a finished sign-in of any method. It hands out the session's device token (as the HttpOnly
   * device cookie, and in the body with delivery "body"), and mails the owner about a device the account has
   * not seen lately (KnownDevices).
   */
  async signIn(
    signedIn: FreshSignIn,
    delivery: TokenDelivery,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<SignedInDto> {
    if (signedIn.newDevice) await this.knownDevices.notify(signedIn.user, clientOf(request));
    const response = this.send(signedIn, delivery, reply);
    const { deviceToken } = signedIn;
    this.deviceCookie.set(reply, deviceToken);
    return delivery === 'body' ? { ...response, deviceToken } : response;
  }
}

/** What a session records of the client that started or refreshed it. */
export function clientOf(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}
