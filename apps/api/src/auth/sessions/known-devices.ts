import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { rateLimitKeyOf } from '../../common/rate-limit/client-address';
import { AppConfig } from '../../config/app-config';
import { OutboxService } from '../../mail/outbox.service';
import type { User } from '../../users/user.entity';
import { formatUtc } from '../password/password-change.service';
import { deviceLabel } from '../../common/http/device-label';
import type { ClientInfo } from './sessions.service';

/** A device unused for this long is new again: its next sign-in mails the owner. */
export const KNOWN_DEVICE_DAYS = 90;

/**
 * One statement per sign-in: whether the device was seen within the window (`$2`, looked up in the account's
 * history as it was before this statement), forgetting the account's devices that left the window, and
 * recording (`$3`) the keys this sign-in proves. An account without any history (its first sign-in, from the
 * device that signed it up and confirmed it) is not told about it.
 */
const SEEN_SQL = `
  WITH history AS (
    SELECT count(*) > 0 AS has_history,
      coalesce(bool_or(device_key = $2::varchar AND last_seen_at > now() - make_interval(days => $4)), false)
        AS known
    FROM known_devices WHERE user_id = $1::uuid
  ),
  forgotten AS (
    DELETE FROM known_devices
    WHERE user_id = $1::uuid AND last_seen_at <= now() - make_interval(days => $4)
      AND device_key <> ALL($3::varchar[])
  ),
  seen AS (
    INSERT INTO known_devices (user_id, device_key)
    SELECT $1::uuid, key FROM unnest($3::varchar[]) AS key
    ON CONFLICT (user_id, device_key) DO UPDATE SET last_seen_at = now()
  )
  SELECT has_history AND NOT known AS new_device FROM history`;

/** What identifies the device of one sign-in. */
export interface SignInDevice {
  client: ClientInfo;
  /** The device id of a live device token of this account that the client presented, if any. */
  presentedDeviceId?: string;
  /** The device id of the device token this sign-in hands out (the presented one, or a new one). */
  issuedDeviceId: string;
}

/**
 * Recognises the devices an account signs in from, and mails a "new sign-in" notice for one it has not used
 * in KNOWN_DEVICE_DAYS (docs/architecture.md › New-sign-in notices). A device is its device token when the
 * client presents one (browsers keep it as a cookie); a client that keeps none is its user agent on its
 * network (/24 for IPv4, /64 for IPv6), so scripts and apps are not "new" at every sign-in. Every sign-in
 * records both keys, so a browser that lost its cookie is still known where it was before. Only the hashes are
 * stored. Called for sign-ins only: refreshing a session is no new sign-in.
 */
@Injectable()
export class KnownDevices {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly config: AppConfig,
  ) {}

  async signedIn(user: User, { client, presentedDeviceId, issuedDeviceId }: SignInDevice): Promise<void> {
    const networkKey = deviceKey('network', `${client.userAgent ?? ''}\n${networkOf(client.ip)}`);
    const tokenKey = deviceKey('token', issuedDeviceId);
    const lookupKey = presentedDeviceId ? deviceKey('token', presentedDeviceId) : networkKey;
    const [row] = (await this.dataSource.query(SEEN_SQL, [
      user.id,
      lookupKey,
      [tokenKey, networkKey],
      KNOWN_DEVICE_DAYS,
    ])) as { new_device: boolean }[];
    if (!row?.new_device) return;
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
