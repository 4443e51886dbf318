import { resolve } from 'node:path';
import { ConfigError } from './config-error';
import { parseDurationMs, parseDurationSeconds } from './duration';
import { loadOrCreateDevSecret, weakSecretReason } from './jwt-secret';
import { loadOrCreateKeyRing } from './key-file';
import { parseHost, parseTrustProxy, TrustProxy } from './network';
import {
  DEFAULT_RATE_LIMITS,
  parseRateLimit,
  RATE_LIMIT_POLICIES,
  RateLimitPolicy,
  RateLimitRule,
  rateLimitVariable,
} from './rate-limits';
import { GENERATE_KEY_HINT, parsePreviousKeys, parseSigningKey, SigningKeyRing } from './signing-keys';
import { readStorageTarget, StorageTarget } from './storage-config';
import { readWebAuthnConfig, WebAuthnConfig } from './webauthn-config';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export { ConfigError };

/**
 * The whole runtime configuration, read once from the environment and validated at start.
 * Inject this class wherever a setting is needed; nothing else reads process.env.
 */
export class AppConfig {
  readonly nodeEnv: NodeEnv;
  /** The interface to listen on: loopback in development, every interface in production. */
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly productName: string;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  /** How often each instance's outbox worker looks for mail when nothing nudged it. */
  readonly mailPollIntervalMs: number;
  /** First retry delay after a transient SMTP failure; doubles with every further attempt. */
  readonly mailRetryBaseMs: number;
  /** Capped mails (confirmation, reset, ...) one address gets per purpose in any hour, on top of one a minute. */
  readonly mailCapPerHour: number;
  readonly redisUrl: string | undefined;
  /** Prepended to every Redis key, so several deployments (or test runs) can share one Redis. */
  readonly redisKeyPrefix: string;
  readonly rateLimits: Readonly<Record<RateLimitPolicy, RateLimitRule>>;
  /** First lockout after ten consecutive failed logins; each further one doubles, up to the maximum. */
  readonly loginLockoutBaseMs: number;
  readonly loginLockoutMaxMs: number;
  readonly jwtSecret: string;
  /**
   * DATA_ENCRYPTION_KEY: what encrypts stored secrets (TOTP), so JWT_SECRET can be rotated without losing
   * them; undefined means JWT_SECRET serves (docs/architecture.md › Two-step verification).
   */
  readonly dataEncryptionKey: string | undefined;
  readonly accessTokenTtl: number;
  /** What signs access tokens (JWT_SIGNING_KEY, or the key file in DATA_DIR) and the previous keys still accepted. */
  readonly signingKeys: SigningKeyRing;
  /**
   * BENCH_HS256_ACCESS_TOKENS: tokens signed with JWT_SECRET as before the switch to ES256, only so that
   * `npm run bench` can put both side by side; refused in production.
   */
  readonly benchHs256AccessTokens: boolean;
  readonly refreshTokenTtl: number;
  readonly rememberMeRefreshTokenTtl: number;
  readonly refreshReuseGraceSeconds: number;
  /** A session's absolute lifetime from sign-in, in seconds: no refresh extends a session past it. */
  readonly sessionMaxAge: number;
  /** Seconds after a sign-in or re-authentication in which a session may make sensitive changes (RecentAuth). */
  readonly recentAuthWindow: number;
  readonly bcryptCost: number;
  readonly passwordMinLength: number;
  readonly requireApproval: boolean;
  readonly adminEmails: ReadonlySet<string>;
  /** ADMIN_MFA_REQUIRED: admin routes refuse admins who have neither TOTP nor a passkey. */
  readonly adminMfaRequired: boolean;
  readonly corsOrigins: readonly string[];
  /**
   * SERVER_TIMING: each answer says how long the server took (`Server-Timing`). Off by default: a precise
   * server time would make it easier to tell apart answers that are meant to look alike (a known address
   * from an unknown one).
   */
  readonly serverTiming: boolean;
  readonly trustProxy: TrustProxy;
  readonly logLevel: LogLevel;
  readonly webDistDir: string;
  /** STORAGE_URL: where uploads and the sample images' files live, a directory or an S3 bucket. */
  readonly imageStorage: StorageTarget;
  /** How often each instance looks for image files whose row is gone (IMAGE_SWEEP_INTERVAL). */
  readonly imageSweepIntervalMs: number;
  /** IMAGE_SWEEP_GRACE: files younger than this are never swept, since an upload stores them before its row. */
  readonly imageSweepGraceMs: number;
  /** AUDIT_RETENTION_DAYS: security events older than this are deleted. */
  readonly auditRetentionDays: number;
  /** How often each instance deletes the security events past retention (AUDIT_SWEEP_INTERVAL). */
  readonly auditSweepIntervalMs: number;
  /** How long the signed URLs in image payloads work, in seconds. */
  readonly imageUrlTtl: number;
  /** Uploads with more pixels than this are refused before they are decoded. */
  readonly imageMaxPixels: number;
  /** False: new uploads wait off air until an admin puts them on air. */
  readonly uploadsStartOnAir: boolean;
  /** Passkeys: the RP ID and the origins ceremonies may come from. */
  readonly webauthn: WebAuthnConfig;
  /** METRICS_TOKEN: the bearer token GET /metrics asks for; undefined turns metrics off (404). */
  readonly metricsToken: string | undefined;

  constructor(env: NodeJS.ProcessEnv) {
    const read = new EnvReader(env);
    this.nodeEnv = read.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development');
    this.host = parseHost(env.HOST, this.nodeEnv === 'production');
    this.port = read.integer('PORT', 3000, 0, 65535);
    this.publicUrl = read.url('PUBLIC_URL', `http://localhost:${this.port}`).replace(/\/+$/, '');
    this.productName = read.text('PRODUCT_NAME', 'Latchkey');
    this.databaseUrl = read.optionalUrl('DATABASE_URL', ['postgres:', 'postgresql:']);
    this.dataDir = resolve(read.text('DATA_DIR', '.data'));
    this.smtpUrl = read.optionalUrl('SMTP_URL', ['smtp:', 'smtps:']);
    this.mailFrom = read.text('MAIL_FROM', `${this.productName} <no-reply@localhost>`);
    this.mailPollIntervalMs = read.durationMs('MAIL_POLL_INTERVAL', 1000, 10);
    this.mailRetryBaseMs = read.durationMs('MAIL_RETRY_BASE', 5000, 10);
    this.mailCapPerHour = read.integer('MAIL_CAP_PER_HOUR', 5, 1, 60);
    this.redisUrl = read.optionalUrl('REDIS_URL', ['redis:', 'rediss:']);
    this.redisKeyPrefix = read.text('REDIS_KEY_PREFIX', 'latchkey:');
    this.rateLimits = Object.fromEntries(
      RATE_LIMIT_POLICIES.map((policy) => [policy, read.rateLimit(policy)]),
    ) as Record<RateLimitPolicy, RateLimitRule>;
    this.loginLockoutBaseMs = read.durationMs('LOGIN_LOCKOUT_BASE', 60_000, 1000);
    this.loginLockoutMaxMs = read.durationMs('LOGIN_LOCKOUT_MAX', 15 * 60_000, this.loginLockoutBaseMs);
    this.accessTokenTtl = read.duration('ACCESS_TOKEN_TTL', 900, 30);
    this.refreshTokenTtl = read.duration('REFRESH_TOKEN_TTL', 7 * 86400, 60);
    this.rememberMeRefreshTokenTtl = read.duration('REMEMBER_ME_REFRESH_TOKEN_TTL', 30 * 86400, 60);
    this.refreshReuseGraceSeconds = read.duration('REFRESH_REUSE_GRACE', 10, 0);
    this.sessionMaxAge = read.duration('SESSION_MAX_AGE', 30 * 86400, 5);
    this.recentAuthWindow = read.duration('RECENT_AUTH_WINDOW', 5 * 60, 1);
    this.bcryptCost = read.integer('BCRYPT_COST', 12, 4, 15);
    this.passwordMinLength = read.integer('PASSWORD_MIN_LENGTH', 15, 8, 64);
    this.requireApproval = read.boolean('REQUIRE_APPROVAL', false);
    this.adminEmails = new Set(read.list('ADMIN_EMAILS').map((email) => email.toLowerCase()));
    this.adminMfaRequired = read.boolean('ADMIN_MFA_REQUIRED', false);
    this.corsOrigins = read.list('CORS_ORIGINS');
    this.serverTiming = read.boolean('SERVER_TIMING', false);
    this.trustProxy = parseTrustProxy(env.TRUST_PROXY);
    this.logLevel = read.oneOf(
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      'info',
    );
    this.webDistDir = resolve(read.text('WEB_DIST_DIR', resolve(__dirname, '../../../web/dist')));
    this.imageStorage = readStorageTarget(env, this.dataDir);
    this.imageSweepIntervalMs = read.durationMs('IMAGE_SWEEP_INTERVAL', 3_600_000, 100);
    this.imageSweepGraceMs = read.durationMs('IMAGE_SWEEP_GRACE', 3_600_000, 1000);
    this.auditRetentionDays = read.integer('AUDIT_RETENTION_DAYS', 365, 1, 36_500);
    this.auditSweepIntervalMs = read.durationMs('AUDIT_SWEEP_INTERVAL', 3_600_000, 100);
    this.imageUrlTtl = read.duration('IMAGE_URL_TTL', 15 * 60, 1);
    this.imageMaxPixels = read.integer('IMAGE_MAX_PIXELS', 40_000_000, 1, 268_402_689);
    this.uploadsStartOnAir = read.boolean('UPLOADS_START_ON_AIR', true);
    this.webauthn = readWebAuthnConfig(env, this.publicUrl);
    this.jwtSecret = this.resolveJwtSecret(env.JWT_SECRET);
    this.dataEncryptionKey = strongSecretOrNone('DATA_ENCRYPTION_KEY', env.DATA_ENCRYPTION_KEY);
    this.signingKeys = this.resolveSigningKeys(env.JWT_SIGNING_KEY, env.JWT_PREVIOUS_SIGNING_KEYS);
    this.benchHs256AccessTokens = read.boolean('BENCH_HS256_ACCESS_TOKENS', false);
    if (this.isProduction && this.benchHs256AccessTokens)
      throw new ConfigError(
        'BENCH_HS256_ACCESS_TOKENS is for the bench only and refused when NODE_ENV=production',
      );
    this.metricsToken = this.resolveMetricsToken(env.METRICS_TOKEN?.trim());
    // The embedded catcher keeps mail in memory for a developer to read; in production that would lose it.
    if (this.isProduction && !this.smtpUrl)
      throw new ConfigError('SMTP_URL is required when NODE_ENV=production');
  }

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }

  /** True when mail goes to the SMTP catcher started inside the app rather than to a real server. */
  get usesEmbeddedSmtp(): boolean {
    return this.smtpUrl === undefined;
  }

  /** True when the database is PGlite started inside the app rather than a PostgreSQL server. */
  get usesEmbeddedDatabase(): boolean {
    return this.databaseUrl === undefined;
  }

  /** Any token will do on a developer's machine; production refuses one that could be guessed. */
  private resolveMetricsToken(given: string | undefined): string | undefined {
    if (!given || !this.isProduction) return given || undefined;
    return strongSecretOrNone('METRICS_TOKEN', given);
  }

  private resolveJwtSecret(given: string | undefined): string {
    if (given) return strongSecretOrNone('JWT_SECRET', given)!;
    if (this.isProduction) throw new ConfigError('JWT_SECRET is required when NODE_ENV=production');
    return loadOrCreateDevSecret(this.dataDir);
  }

  private resolveSigningKeys(given: string | undefined, previous: string | undefined): SigningKeyRing {
    if (given?.trim()) {
      return {
        current: parseSigningKey(given, 'JWT_SIGNING_KEY'),
        previous: parsePreviousKeys(previous, 'JWT_PREVIOUS_SIGNING_KEYS'),
      };
    }
    if (this.isProduction) {
      throw new ConfigError(`JWT_SIGNING_KEY is required when NODE_ENV=production; ${GENERATE_KEY_HINT}`);
    }
    return loadOrCreateKeyRing(this.dataDir, this.accessTokenTtl);
  }
}

/** A given secret, refused when weak (in every environment, so a weak one never reaches production). */
function strongSecretOrNone(name: string, given: string | undefined): string | undefined {
  if (!given) return undefined;
  const reason = weakSecretReason(given);
  if (reason) throw new ConfigError(`${name} ${reason}; generate one with: openssl rand -base64 48`);
  return given;
}

/** Reads typed values out of the environment, naming the variable in every error. */
class EnvReader {
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  text(name: string, fallback: string): string {
    const value = this.env[name]?.trim();
    return value ? value : fallback;
  }

  integer(name: string, fallback: number, min: number, max: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
    }
    return value;
  }

  duration(name: string, fallbackSeconds: number, minSeconds: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallbackSeconds;
    const seconds = parseDurationSeconds(raw);
    if (seconds === undefined || seconds < minSeconds) {
      throw new ConfigError(
        `${name} must be a duration of at least ${minSeconds}s such as 900, 15m, 12h or 7d (got "${raw}")`,
      );
    }
    return seconds;
  }

  /** Sub-second settings (tests shorten them): "250ms", or any duration, with a bare number in seconds. */
  durationMs(name: string, fallbackMs: number, minMs: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallbackMs;
    const ms = parseDurationMs(raw);
    if (ms === undefined || ms < minMs) {
      throw new ConfigError(
        `${name} must be a duration of at least ${minMs}ms such as 250ms, 5s or 1m (got "${raw}")`,
      );
    }
    return ms;
  }

  /** RATE_LIMIT_<POLICY>: "<points>/<duration>", e.g. "20/1m". */
  rateLimit(policy: RateLimitPolicy): RateLimitRule {
    const name = rateLimitVariable(policy);
    const raw = this.env[name]?.trim() || DEFAULT_RATE_LIMITS[policy];
    const rule = parseRateLimit(raw);
    if (!rule) {
      throw new ConfigError(
        `${name} must be requests per whole-second window such as 20/1m or 10/1h (got "${raw}")`,
      );
    }
    return rule;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.env[name]?.trim().toLowerCase();
    if (!raw) return fallback;
    if (['true', '1', 'yes', 'on'].includes(raw)) return true;
    if (['false', '0', 'no', 'off'].includes(raw)) return false;
    throw new ConfigError(`${name} must be true or false (got "${raw}")`);
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) {
      throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    }
    return raw as T;
  }

  list(name: string): string[] {
    return (this.env[name] ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  }

  url(name: string, fallback: string): string {
    return this.optionalUrl(name, ['http:', 'https:']) ?? fallback;
  }

  optionalUrl(name: string, protocols: readonly string[]): string | undefined {
    const raw = this.env[name]?.trim();
    if (!raw) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(raw);
    } catch {
      throw new ConfigError(`${name} is not a valid URL`);
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new ConfigError(`${name} must start with ${protocols.map((p) => p + '//').join(' or ')}`);
    }
    return raw;
  }
}
