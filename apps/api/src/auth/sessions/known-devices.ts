import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { rateLimitKeyOf } from '../../common/rate-limit/client-address';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../../mail/outbox.service';
import type { User } from '../../users/user.entity';
import { formatUtc } from '../../mail/mail-time';
import { deviceLabel } from '../../common/http/device-label';
import { DeviceTokens } from '../lockout/device-tokens';
import type { ClientInfo } from './sessions.service';

/** A device unused for this long is new again: its next sign-in mails the owner. */
export const KNOWN_DEVICE_DAYS = 90;

/**
 * The known-device part of the statement that starts a session (sessionStartSql), as CTEs run once the
 * session row is in: whether the device was seen within the window (`lookupKey`, looked up in the account's
 * history as it was before the statement), forgetting the account's devices that left the window, and
 * recording the keys this sign-in proves (`keys`). No round trip of its own on any sign-in.
 *
 * The notice is due when the account has a history and the device is not in it within the window. Of
 * simultaneous sign-ins from one new device, only the one whose statement inserted its key is told: the others
 * wait for that row and update it instead (`xmax = 0` only for an inserted row). An account without any history
 * (its first sign-in, from the device that signed it up and confirmed it) is not told.
 */
export function knownDeviceCtes(userId: string, lookupKey: string, keys: string): string {
  const window = `now() - make_interval(days => ${KNOWN_DEVICE_DAYS})`;
  return `device_history AS (
      SELECT count(*) > 0 AS has_history,
        coalesce(bool_or(device_key = ${lookupKey}::varchar AND last_seen_at > ${window}), false) AS known,
        coalesce(bool_or(device_key = ${lookupKey}::varchar), false) AS seen_before
      FROM known_devices WHERE user_id = ${userId}::uuid
    ),
    forgotten_devices AS (
      DELETE FROM known_devices
      WHERE user_id = ${userId}::uuid AND last_seen_at <= ${window} AND device_key <> ALL(${keys}::varchar[])
        AND EXISTS (SELECT FROM session)
    ),
    seen_devices AS (
      INSERT INTO known_devices (user_id, device_key)
      SELECT ${userId}::uuid, key FROM session, unnest(${keys}::varchar[]) AS key
      ON CONFLICT (user_id, device_key) DO UPDATE SET last_seen_at = now()
      RETURNING device_key, xmax = 0 AS inserted
    ),
    device_notice AS (
      SELECT has_history AND NOT known
        AND (seen_before OR EXISTS (SELECT FROM seen_devices WHERE device_key = ${lookupKey}::varchar AND inserted))
        AS new_device
      FROM device_history
    )`;
}

/** The column of the session-starting statement that says whether to tell the owner (knownDeviceCtes). */
export const NEW_DEVICE_COLUMN = '(SELECT new_device FROM device_notice) AS new_device';

/** The device of one sign-in: the token it hands out, and the parameters of knownDeviceCtes. */
export interface RecognisedDevice {
  deviceToken: string;
  /** `lookupKey` and `keys`, in that order. */
  values: [string, string[]];
}

/**
 * Recognises the devices an account signs in from, and mails a "new sign-in" notice for one it has not used
 * in KNOWN_DEVICE_DAYS (docs/architecture.md › New-sign-in notices). A device is its device token when the
 * client presents one valid for this account (browsers keep it as a cookie); a client that keeps none is its
 * user agent on its network (/24 for IPv4, /64 for IPv6), so scripts and apps are not "new" at every sign-in.
 * Every sign-in records both keys, so a browser that lost its cookie is still known where it was before. Only
 * the hashes are stored. Used for sign-ins only: refreshing a session is no new sign-in.
 */
@Injectable()
export class KnownDevices {
  constructor(
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
    private readonly deviceTokens: DeviceTokens,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * The device token this sign-in hands out (`issuedToken` when the flow made one, as a password sign-in
   * does; else the presented one renewed, or a new one) and the keys its session start records.
   */
  recognise(userId: string, client: ClientInfo, issuedToken?: string): RecognisedDevice {
    const presentedDeviceId = this.deviceTokens.deviceIdOf(client.deviceToken, userId);
    const deviceToken = issuedToken ?? this.deviceTokens.issue(userId, presentedDeviceId);
    const networkKey = deviceKey('network', `${client.userAgent ?? ''}\n${networkOf(client.ip)}`);
    const tokenKey = deviceKey('token', DeviceTokens.deviceIdOfIssued(deviceToken));
    const lookupKey = presentedDeviceId ? deviceKey('token', presentedDeviceId) : networkKey;
    return { deviceToken, values: [lookupKey, [tokenKey, networkKey]] };
  }

  /** Mails the owner about a sign-in from a device it has not seen lately. */
  async notify(user: User, client: ClientInfo): Promise<void> {
    await this.outbox.enqueue(this.dataSource.manager, {
      to: user.email,
      template: 'new-sign-in',
      data: {
        nickname: user.nickname,
        at: formatUtc(new Date()),
        device: deviceLabel(client.userAgent ?? null),
        ip: client.ip ?? '',
        sessionsUrl: `${this.config.publicUrl}/profile/sessions`,
      },
      userId: user.id,
    });
  }
}

function deviceKey(kind: 'token' | 'network', value: string): string {
  return createHash('sha256').update(`${kind}\n${value}`).digest('base64url');
}

/** The network a client address belongs to: its /24 for IPv4, its /64 for IPv6 (one household or office). */
export function networkOf(ip: string | undefined): string {
  if (!ip) return '';
  const bucket = rateLimitKeyOf(ip);
  const ipv4 = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(bucket);
  return ipv4 ? `${ipv4[1]}.0/24` : bucket;
}
