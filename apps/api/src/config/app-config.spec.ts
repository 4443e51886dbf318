import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, ConfigError } from './app-config';

const STRONG_SECRET = 'k3J9-vQ2xL8pZr4TmW7yB1nC6dF0gH5s_aE';
const SIGNING_KEY = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ format: 'pem', type: 'pkcs8' })
  .toString();

function configWith(env: Record<string, string>): AppConfig {
  return new AppConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'latchkey-config-')), ...env });
}

describe('AppConfig', () => {
  it('uses the documented defaults on a bare environment', () => {
    const config = configWith({});
    expect(config.port).toBe(3000);
    expect(config.publicUrl).toBe('http://localhost:3000');
    expect(config.accessTokenTtl).toBe(900);
    expect(config.refreshTokenTtl).toBe(7 * 86400);
    expect(config.rememberMeRefreshTokenTtl).toBe(30 * 86400);
    expect(config.bcryptCost).toBe(12);
    expect(config.passwordMinLength).toBe(15);
    expect(config.requireApproval).toBe(false);
    expect(config.trustProxy).toBe(false);
    expect(config.usesEmbeddedDatabase).toBe(true);
    expect(config.usesEmbeddedSmtp).toBe(true);
  });

  it('parses durations, lists, booleans and proxy settings', () => {
    const config = configWith({
      ACCESS_TOKEN_TTL: '5m',
      REFRESH_TOKEN_TTL: '2d',
      ADMIN_EMAILS: ' Boss@Example.com, ops@example.com ',
      REQUIRE_APPROVAL: 'yes',
      TRUST_PROXY: '2',
      PUBLIC_URL: 'https://accounts.example.com/',
    });
    expect(config.accessTokenTtl).toBe(300);
    expect(config.refreshTokenTtl).toBe(172800);
    expect([...config.adminEmails]).toEqual(['boss@example.com', 'ops@example.com']);
    expect(config.requireApproval).toBe(true);
    expect(config.trustProxy).toBe(2);
    expect(config.publicUrl).toBe('https://accounts.example.com');
  });

  it.each([
    ['PORT', 'eighty'],
    ['BCRYPT_COST', '3'],
    ['ACCESS_TOKEN_TTL', 'soon'],
    ['REQUIRE_APPROVAL', 'maybe'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['SMTP_URL', 'not a url'],
    ['NODE_ENV', 'staging'],
    ['HOST', 'http://0.0.0.0'],
    ['TRUST_PROXY', 'true'],
  ])('refuses an invalid %s and names it', (name, value) => {
    expect(() => configWith({ [name]: value })).toThrow(new RegExp(`^${name}`));
  });

  it('reads SESSION_MAX_AGE, 30 days by default, refusing garbage and lifetimes under 5 seconds', () => {
    expect(configWith({}).sessionMaxAge).toBe(30 * 86400);
    expect(configWith({ SESSION_MAX_AGE: '12h' }).sessionMaxAge).toBe(12 * 3600);
    expect(configWith({ SESSION_MAX_AGE: '90' }).sessionMaxAge).toBe(90);
    for (const value of ['forever', '4s', '-1d']) {
      expect(() => configWith({ SESSION_MAX_AGE: value })).toThrow(/^SESSION_MAX_AGE must be a duration/);
    }
  });

  it('reads RECENT_AUTH_WINDOW, 5 minutes by default, refusing garbage and windows under a second', () => {
    expect(configWith({}).recentAuthWindow).toBe(300);
    expect(configWith({ RECENT_AUTH_WINDOW: '3' }).recentAuthWindow).toBe(3);
    expect(configWith({ RECENT_AUTH_WINDOW: '15m' }).recentAuthWindow).toBe(900);
    for (const value of ['soon', '0', '-1m']) {
      expect(() => configWith({ RECENT_AUTH_WINDOW: value })).toThrow(
        /^RECENT_AUTH_WINDOW must be a duration/,
      );
    }
  });

  it('reads per-IP limits and lockout durations, with the documented defaults', () => {
    expect(configWith({}).rateLimits).toEqual({
      login: { points: 20, durationSeconds: 60 },
      signup: { points: 10, durationSeconds: 3600 },
      refresh: { points: 60, durationSeconds: 60 },
      token: { points: 30, durationSeconds: 600 },
      mail: { points: 20, durationSeconds: 3600 },
      upload: { points: 30, durationSeconds: 3600 },
    });
    expect(configWith({}).loginLockoutBaseMs).toBe(60_000);
    expect(configWith({}).loginLockoutMaxMs).toBe(900_000);

    const config = configWith({
      RATE_LIMIT_LOGIN: '5 / 30s',
      LOGIN_LOCKOUT_BASE: '2s',
      LOGIN_LOCKOUT_MAX: '4s',
    });
    expect(config.rateLimits.login).toEqual({ points: 5, durationSeconds: 30 });
    expect([config.loginLockoutBaseMs, config.loginLockoutMaxMs]).toEqual([2000, 4000]);
  });

  it.each([
    ['RATE_LIMIT_LOGIN', '20'],
    ['RATE_LIMIT_SIGNUP', '0/1h'],
    ['RATE_LIMIT_MAIL', '5/500ms'],
    ['LOGIN_LOCKOUT_BASE', '10ms'],
    ['LOGIN_LOCKOUT_MAX', '30s'], // shorter than the 1 min base
    ['IMAGE_URL_TTL', '0'],
    ['IMAGE_MAX_PIXELS', '12.5'],
    ['UPLOADS_START_ON_AIR', 'maybe'],
    ['IMAGE_SWEEP_INTERVAL', '10ms'],
    ['IMAGE_SWEEP_GRACE', '500ms'],
    ['STORAGE_URL', 'gs://bucket'],
  ])('refuses %s=%s and names it', (name, value) => {
    expect(() => configWith({ [name]: value })).toThrow(new RegExp(`^${name}`));
  });

  it('keeps security events 365 days unless AUDIT_RETENTION_DAYS says otherwise', () => {
    expect(configWith({}).auditRetentionDays).toBe(365);
    expect(configWith({ AUDIT_RETENTION_DAYS: '30' }).auditRetentionDays).toBe(30);
    for (const value of ['0', '-1', '1.5', 'forever', '36501'])
      expect(() => configWith({ AUDIT_RETENTION_DAYS: value })).toThrow(/^AUDIT_RETENTION_DAYS must be/);
    expect(() => configWith({ AUDIT_SWEEP_INTERVAL: '10ms' })).toThrow(/^AUDIT_SWEEP_INTERVAL/);
  });

  it('caps mails per address and purpose at 5 an hour unless MAIL_CAP_PER_HOUR says otherwise', () => {
    expect(configWith({}).mailCapPerHour).toBe(5);
    expect(configWith({ MAIL_CAP_PER_HOUR: '12' }).mailCapPerHour).toBe(12);
    // One a minute is the tighter cap already, so more than 60 an hour could never be reached.
    for (const value of ['0', '61', '2.5', 'five'])
      expect(() => configWith({ MAIL_CAP_PER_HOUR: value })).toThrow(/^MAIL_CAP_PER_HOUR must be/);
  });

  it('keeps images under DATA_DIR unless IMAGE_STORAGE_DIR says otherwise', () => {
    const defaults = configWith({ DATA_DIR: '/srv/latchkey', JWT_SECRET: STRONG_SECRET });
    expect(defaults.imageStorage).toEqual({ kind: 'disk', dir: '/srv/latchkey/images' });
    expect([defaults.imageSweepIntervalMs, defaults.imageSweepGraceMs]).toEqual([3_600_000, 3_600_000]);
    expect([defaults.imageUrlTtl, defaults.imageMaxPixels, defaults.uploadsStartOnAir]).toEqual([
      900,
      40_000_000,
      true,
    ]);
    const chosen = configWith({
      IMAGE_STORAGE_DIR: '/mnt/pictures',
      IMAGE_URL_TTL: '2m',
      UPLOADS_START_ON_AIR: 'false',
    });
    expect([chosen.imageStorage, chosen.imageUrlTtl, chosen.uploadsStartOnAir]).toEqual([
      { kind: 'disk', dir: '/mnt/pictures' },
      120,
      false,
    ]);
  });

  it('refuses to start in production without a JWT secret', () => {
    expect(() => configWith({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => configWith({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET is required/);
  });

  it.each(['short', 'changeme-changeme-changeme-changeme-1', 'a'.repeat(64)])(
    'refuses the weak secret %s',
    (secret) => {
      expect(() => configWith({ NODE_ENV: 'production', JWT_SECRET: secret })).toThrow(/^JWT_SECRET/);
    },
  );

  it('accepts a strong secret in production', () => {
    const config = configWith({
      NODE_ENV: 'production',
      JWT_SECRET: STRONG_SECRET,
      JWT_SIGNING_KEY: SIGNING_KEY,
      SMTP_URL: 'smtp://mail:25',
    });
    expect(config.jwtSecret).toBe(STRONG_SECRET);
  });

  it('takes DATA_ENCRYPTION_KEY only when strong, and leaves it unset (JWT_SECRET serves) when not given', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: STRONG_SECRET,
      JWT_SIGNING_KEY: SIGNING_KEY,
      SMTP_URL: 'smtp://mail:25',
    };
    expect(configWith(production).dataEncryptionKey).toBeUndefined();
    expect(configWith({ ...production, DATA_ENCRYPTION_KEY: `${STRONG_SECRET}x` }).dataEncryptionKey).toBe(
      `${STRONG_SECRET}x`,
    );
    expect(() => configWith({ ...production, DATA_ENCRYPTION_KEY: 'changeme' })).toThrow(
      /^DATA_ENCRYPTION_KEY/,
    );
  });

  it('turns metrics on with METRICS_TOKEN, and refuses a short or guessable one in production only', () => {
    const production = {
      NODE_ENV: 'production',
      JWT_SECRET: STRONG_SECRET,
      JWT_SIGNING_KEY: SIGNING_KEY,
      SMTP_URL: 'smtp://mail:25',
    };
    expect(configWith({}).metricsToken).toBeUndefined();
    expect(configWith({ METRICS_TOKEN: '  ' }).metricsToken).toBeUndefined();
    expect(configWith({ METRICS_TOKEN: 'dev-token' }).metricsToken).toBe('dev-token');
    expect(configWith({ ...production, METRICS_TOKEN: STRONG_SECRET }).metricsToken).toBe(STRONG_SECRET);
    expect(() => configWith({ ...production, METRICS_TOKEN: 'short-token' })).toThrow(
      /^METRICS_TOKEN must be/,
    );
    expect(() => configWith({ ...production, METRICS_TOKEN: 'changeme'.repeat(5) })).toThrow(
      /^METRICS_TOKEN/,
    );
  });

  it('requires a second factor of admins only when ADMIN_MFA_REQUIRED is true', () => {
    expect(configWith({}).adminMfaRequired).toBe(false);
    expect(configWith({ ADMIN_MFA_REQUIRED: 'true' }).adminMfaRequired).toBe(true);
    expect(() => configWith({ ADMIN_MFA_REQUIRED: 'sometimes' })).toThrow(/^ADMIN_MFA_REQUIRED/);
  });

  it('refuses to start in production without a real SMTP server', () => {
    expect(() =>
      configWith({ NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET, JWT_SIGNING_KEY: SIGNING_KEY }),
    ).toThrow(/^SMTP_URL is required/);
  });

  it('refuses to start in production without JWT_SIGNING_KEY, and refuses the bench-only HS256 mode there', () => {
    const production = { NODE_ENV: 'production', JWT_SECRET: STRONG_SECRET, SMTP_URL: 'smtp://mail:25' };
    expect(() => configWith(production)).toThrow(/^JWT_SIGNING_KEY is required when NODE_ENV=production/);
    expect(() =>
      configWith({ ...production, JWT_SIGNING_KEY: SIGNING_KEY, BENCH_HS256_ACCESS_TOKENS: 'true' }),
    ).toThrow(/^BENCH_HS256_ACCESS_TOKENS/);
  });

  it('generates a development secret once and keeps it in DATA_DIR', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-config-'));
    const first = new AppConfig({ DATA_DIR: dataDir }).jwtSecret;
    const second = new AppConfig({ DATA_DIR: dataDir }).jwtSecret;
    expect(first).toBe(second);
    expect(Buffer.byteLength(first)).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(dataDir, 'jwt-secret')).mode & 0o077).toBe(0);
  });
});
