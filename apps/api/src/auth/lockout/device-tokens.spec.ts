import { testConfig } from '../../testing/test-config';
import { DEVICE_TOKEN_TTL_SECONDS, DeviceTokens } from './device-tokens';

const ALICE = '3f0c1a9e-8d2b-4e5f-9a1b-2c3d4e5f6a7b';
const MALLORY = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

describe('DeviceTokens', () => {
  const tokens = new DeviceTokens(testConfig());

  it('proves a device for the account it was issued to, and keeps its id when renewed', () => {
    const token = tokens.issue(ALICE);
    const deviceId = tokens.deviceIdOf(token, ALICE);

    expect(deviceId).toMatch(/^[\w-]{22}$/);
    expect(tokens.deviceIdOf(tokens.issue(ALICE, deviceId), ALICE)).toBe(deviceId);
    expect(tokens.deviceIdOf(tokens.issue(ALICE), ALICE)).not.toBe(deviceId);
    expect(DeviceTokens.deviceIdOfIssued(token)).toBe(deviceId);
  });

  it('names no account in the clear', () => {
    expect(tokens.issue(ALICE)).not.toContain(ALICE);
  });

  it('proves nothing for another account, under another secret, or once changed', () => {
    const token = tokens.issue(ALICE);
    const [deviceId, issuedAt, mac] = token.split('.');
    const otherSecret = new DeviceTokens(testConfig()); // a JWT_SECRET of its own

    expect(tokens.deviceIdOf(token, MALLORY)).toBeUndefined();
    expect(otherSecret.deviceIdOf(token, ALICE)).toBeUndefined();
    expect(tokens.deviceIdOf(`${deviceId}.${Number(issuedAt) + 1}.${mac}`, ALICE)).toBeUndefined();
    expect(tokens.deviceIdOf(`${'A'.repeat(22)}.${issuedAt}.${mac}`, ALICE)).toBeUndefined();
    expect(tokens.deviceIdOf(`${token}.extra`, ALICE)).toBeUndefined();
  });

  it.each([undefined, '', 'garbage', '..', 'a.b.c', '🙂.1.x'])('proves nothing from %p', (token) => {
    expect(tokens.deviceIdOf(token, ALICE)).toBeUndefined();
  });

  it('expires DEVICE_TOKEN_TTL_SECONDS after it was issued', () => {
    const issued = new Date('2026-01-01T00:00:00Z');
    const token = tokens.issue(ALICE, undefined, issued);
    const justBefore = new Date(issued.getTime() + (DEVICE_TOKEN_TTL_SECONDS - 1) * 1000);
    const at = new Date(issued.getTime() + DEVICE_TOKEN_TTL_SECONDS * 1000);

    expect(tokens.deviceIdOf(token, ALICE, justBefore)).toBeDefined();
    expect(tokens.deviceIdOf(token, ALICE, at)).toBeUndefined();
  });
});
