import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UsersService } from '../users/users.service';
import type { SignedIn } from './auth.service';
import { SignedInDto } from './dto/auth-responses.dto';
import { TokenDelivery } from './dto/login.dto';
import { DeviceCookie } from './lockout/device-cookie';
import { DeviceTokens } from './lockout/device-tokens';
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
    private readonly deviceTokens: DeviceTokens,
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
   * The answer of a finished sign-in of any method. It hands out the device token (as the HttpOnly device
   * cookie, and in the body with delivery "body"): a password sign-in brings its own, renewed from the one it
   * was given (docs/architecture.md › Passwords, lockout and throttling); the other methods renew the
   * presented one or make one. And it tells KnownDevices, which mails the owner about a device it has not
   * seen lately. `presentedToken` is the token the client sent in the body, if its route takes one.
   */
  async signIn(
    signedIn: SignedIn & { deviceToken?: string },
    delivery: TokenDelivery,
    request: FastifyRequest,
    reply: FastifyReply,
    presentedToken = this.deviceCookie.read(request),
  ): Promise<SignedInDto> {
    const userId = signedIn.user.id;
    const presentedDeviceId = this.deviceTokens.deviceIdOf(presentedToken, userId);
    const deviceToken = signedIn.deviceToken ?? this.deviceTokens.issue(userId, presentedDeviceId);
    const issuedDeviceId = DeviceTokens.deviceIdOfIssued(deviceToken);
    await this.knownDevices.signedIn(signedIn.user, {
      client: clientOf(request),
      presentedDeviceId,
      issuedDeviceId,
    });
    const response = this.send(signedIn, delivery, reply);
    this.deviceCookie.set(reply, deviceToken);
    return delivery === 'body' ? { ...response, deviceToken } : response;
  }
}

/** What a session records of the client that started or refreshed it. */
export function clientOf(request: FastifyRequest): ClientInfo {
  return { ip: request.ip, userAgent: request.headers['user-agent'] };
}
