import { Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config/app-config';

/** How long a device stays known after its last successful sign-in; each sign-in renews it. */
export const DEVICE_TOKEN_TTL_SECONDS = 365 * 24 * 3600;
const DEVICE_ID_BYTES = 16;
const DEVICE_ID = /^[A-Za-z0-9_-]{22}$/;
const ISSUED_AT = /^[0-9]{1,12}$/;

/**
 * Proof that a browser or app signed in to an account before (OWASP's "device cookie"): `deviceId.issuedAt.mac`,
 * the MAC taken over the account id too, with a key derived from JWT_SECRET. The token names no account in
 * the clear, and it proves something only for the account it was issued for. Nothing is stored: a device is
 * known for DEVICE_TOKEN_TTL_SECONDS after its last success, and only its failures get a row (LoginLockout).
 * See docs/architecture.md, Passwords, lockout and throttling.
 */
@Injectable()
export class DeviceTokens {
  private readonly key: Buffer;

  constructor(config: AppConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.jwtSecret, '', 'latchkey device tokens', 32));
  }

  /** A token for the account on this device: the same device id when the device was known, else a new one. */
  issue(
    userId: string,
    deviceId = randomBytes(DEVICE_ID_BYTES).toString('base64url'),
    now = new Date(),
  ): string {
    const issuedAt = String(Math.floor(now.getTime() / 1000));
    return `${deviceId}.${issuedAt}.${this.mac(userId, deviceId, issuedAt)}`;
  }

  /**
   * The device id of a token this process just issued (its first part), without checking it again; a token
   * from a client is checked by deviceIdOf.
   */
  static deviceIdOfIssued(token: string): string {
    return token.slice(0, token.indexOf('.'));
  }

  /** The device id when `token` is a live device token of this account; undefined for anything else. */
  deviceIdOf(token: string | undefined, userId: string, now = new Date()): string | undefined {
    const [deviceId, issuedAt, mac, ...rest] = (token ?? '').split('.');
    if (rest.length > 0 || !DEVICE_ID.test(deviceId ?? '') || !ISSUED_AT.test(issuedAt ?? ''))
      return undefined;
    const expected = Buffer.from(this.mac(userId, deviceId, issuedAt));
    const given = Buffer.from(mac ?? '');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const ageSeconds = now.getTime() / 1000 - Number(issuedAt);
    return ageSeconds < DEVICE_TOKEN_TTL_SECONDS ? deviceId : undefined;
  }

  private mac(userId: string, deviceId: string, issuedAt: string): string {
    return createHmac('sha256', this.key).update(`${userId}.${deviceId}.${issuedAt}`).digest('base64url');
  }
}
