import { TOTP } from 'otpauth';
import { testConfig } from '../../testing/test-config';
import { hashRecoveryCode, newRecoveryCode } from './recovery-codes';
import { SecretBox } from './secret-box';
import { matchingStep, newTotpSecret, stepAt, TOTP_PERIOD_SECONDS, totpUri } from './totp';

const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
/** The middle of a step, so "one step earlier" never lands on a boundary. */
const NOW = 1_795_600_015_000;
const codeAt = (secret: string, timestamp: number) => TOTP.generate({ secret: secretOf(secret), timestamp });
const secretOf = (base32: string) => new TOTP({ secret: base32 }).secret;

describe('TOTP codes', () => {
  const secret = newTotpSecret();

  it('makes a 160-bit base32 secret and an otpauth URI with SHA-1, 6 digits and 30 s', () => {
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = new URL(totpUri(secret, 'Acme ID', 'ada@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Acme ID:ada@example.com');
    expect(Object.fromEntries(uri.searchParams)).toMatchObject({
      issuer: 'Acme ID',
      secret,
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
  });

  it('accepts the current code and one step either side, naming the code’s own step', () => {
    for (const offset of [-1, 0, 1]) {
      expect(matchingStep(secret, codeAt(secret, NOW + offset * STEP_MS), NOW)).toBe(stepAt(NOW) + offset);
    }
  });

  it('refuses codes two steps away, of another secret, and non-codes', () => {
    expect(matchingStep(secret, codeAt(secret, NOW - 2 * STEP_MS), NOW)).toBeUndefined();
    expect(matchingStep(secret, codeAt(secret, NOW + 2 * STEP_MS), NOW)).toBeUndefined();
    expect(matchingStep(secret, codeAt(newTotpSecret(), NOW), NOW)).toBeUndefined();
    expect(matchingStep(secret, '', NOW)).toBeUndefined();
  });
});

describe('SecretBox', () => {
  const box = new SecretBox(testConfig({}));

  it('opens what it sealed for the same owner, and seals alike values differently', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP', 'user-1')).not.toBe(sealed);
    expect(box.open(sealed, 'user-1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('refuses a sealed value moved to another owner, tampered with, or sealed under another key', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'user-1');
    expect(() => box.open(sealed, 'user-2')).toThrow();
    const [version, iv, tag, ciphertext] = sealed.split('.');
    const flipped = Buffer.from(ciphertext, 'base64url');
    flipped[0] ^= 1;
    expect(() => box.open([version, iv, tag, flipped.toString('base64url')].join('.'), 'user-1')).toThrow();
    const otherKey = new SecretBox(testConfig({ DATA_ENCRYPTION_KEY: 'k9Qz7vLp2Xr8Tn4Wm6Yb1Hc5Jd3Fg0Se' }));
    expect(() => otherKey.open(sealed, 'user-1')).toThrow();
  });
});

describe('recovery codes', () => {
  it('are 16 characters in four groups, looked up regardless of case, spaces and dashes', () => {
    const code = newRecoveryCode();
    expect(code).toMatch(/^([0-9a-hjkmnp-tv-z]{4}-){3}[0-9a-hjkmnp-tv-z]{4}$/);
    expect(hashRecoveryCode(` ${code.toUpperCase().replace(/-/g, ' ')} `)).toBe(hashRecoveryCode(code));
    expect(hashRecoveryCode(newRecoveryCode())).not.toBe(hashRecoveryCode(code));
  });
});
