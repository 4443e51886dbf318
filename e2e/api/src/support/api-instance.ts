import { ChildProcess, spawn } from 'node:child_process';
import { createPrivateKey, KeyObject, randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createPostgresDatabase,
  DatabaseTarget,
  pgliteDatabase,
  postgresRunner,
  PGLITE_NODE_FLAGS,
  runOnPglite,
  SqlRunner,
} from './database';
import { anyTestFailed } from './failures';
import { ApiClient } from './http-client';
import { API_MAIN, REPO_ROOT } from './paths';
import { freePort } from './ports';
import type { SmtpSink } from './smtp-sink';
import { StopWaiting, waitFor } from './wait';

export interface StartApiOptions {
  /** Where the API sends mail; without one SMTP_URL points at a closed port (mail simply waits in the outbox). */
  sink?: SmtpSink;
  /** Extra or overriding environment variables. */
  env?: Record<string, string>;
  /**
   * Start a second instance on the first one's database, with the same secret, signing keys, PUBLIC_URL and
   * SMTP sink.
   */
  sameDatabaseAs?: ApiInstance;
  /** How long to wait for /api/v1/health/ready. */
  readyTimeoutMs?: number;
  /**
   * Serve this SPA build (WEB_DIST_DIR) and point mailed links (PUBLIC_URL) at the instance itself, as
   * `npm start` does: the browser suite (e2e/web) opens those links in the page.
   */
  webDistDir?: string;
  /**
   * With `webDistDir`: the host of PUBLIC_URL, 127.0.0.1 unless given. Browser tests of passkeys use
   * `localhost`, since browsers refuse an IP address as WebAuthn RP ID.
   */
  publicHost?: string;
}

/**
 * What a flow needs of an API: a client and the base of mailed links. An instance is one; so is a proxy in
 * front of several (the deploy test's nginx).
 */
export type ApiEndpoint = Pick<ApiInstance, 'client' | 'publicUrl'>;

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From SIGTERM to exit. */
  shutdownMs: number;
}

const SHUTDOWN_TIMEOUT_MS = 15_000;
const GENEROUS_RATE_LIMITS = Object.fromEntries(
  ['LOGIN', 'SIGNUP', 'REFRESH', 'TOKEN', 'MAIL', 'UPLOAD'].map((policy) => [
    `RATE_LIMIT_${policy}`,
    '100000/1m',
  ]),
);
const MAX_OUTPUT_CHARS = 2_000_000;
/** Where an instance without JWT_SIGNING_KEY keeps its signing keys (apps/api/src/config/key-file.ts). */
export const SIGNING_KEY_FILE = 'signing-keys.json';

/**
 * Settings every instance gets: quiet logs, cheap hashing, short mail timers, a per-run secret, and per-IP
 * limits that no test reaches by accident (every request comes from 127.0.0.1); tests of the limits lower them.
 */
function baseEnvironment(port: number, smtpUrl: string): Record<string, string> {
  return {
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    // Deliberately neither the API's own address nor https: links must come from PUBLIC_URL.
    PUBLIC_URL: `http://web.e2e.test:${port}`,
    LOG_LEVEL: 'warn',
    BCRYPT_COST: '4',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    SMTP_URL: smtpUrl,
    MAIL_POLL_INTERVAL: '100ms',
    MAIL_RETRY_BASE: '200ms',
    WEB_DIST_DIR: join(REPO_ROOT, 'e2e/api/no-spa'), // the API alone, as the contract describes it
    ...GENEROUS_RATE_LIMITS,
  };
}

/**
 * Starts the built API (apps/api/dist/main.js) as a child process on a free port, with a fresh temporary
 * DATA_DIR (on PGlite holding a copy of global setup's migrated database), and with a fresh database of its
 * own on the server in DATABASE_URL when that is set.
 * Resolves once /api/v1/health/ready answers 200.
 */
export async function startApi(options: StartApiOptions = {}): Promise<ApiInstance> {
  const port = await freePort();
  const shared = options.sameDatabaseAs;
  const smtpUrl = options.sink?.url ?? shared?.env.SMTP_URL ?? `smtp://127.0.0.1:${await freePort()}`;
  const env: Record<string, string> = { ...baseEnvironment(port, smtpUrl) };
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-e2e-'));
  env.DATA_DIR = dataDir;

  let database: DatabaseTarget;
  let ownsDatabase = true;
  if (shared) {
    if (shared.database.kind !== 'postgres') {
      throw new Error('two API instances can only share a PostgreSQL database: run with DATABASE_URL set');
    }
    database = shared.database;
    ownsDatabase = false;
    Object.assign(env, { JWT_SECRET: shared.env.JWT_SECRET, PUBLIC_URL: shared.env.PUBLIC_URL });
    // As instances sharing one DATA_DIR would: the same key file, so each verifies what the other signs.
    if (shared.env.JWT_SIGNING_KEY) env.JWT_SIGNING_KEY = shared.env.JWT_SIGNING_KEY;
    else copyFileSync(join(shared.dataDir, SIGNING_KEY_FILE), join(dataDir, SIGNING_KEY_FILE));
  } else if (process.env.DATABASE_URL) {
    database = await createPostgresDatabase(process.env.DATABASE_URL);
  } else {
    database = pgliteDatabase(dataDir);
  }
  if (database.kind === 'postgres') env.DATABASE_URL = database.url;
  if (options.webDistDir) {
    const host = options.publicHost ?? '127.0.0.1';
    Object.assign(env, { WEB_DIST_DIR: options.webDistDir, PUBLIC_URL: `http://${host}:${port}` });
  }
  Object.assign(env, options.env);

  const instance = new ApiInstance(port, env, dataDir, database, ownsDatabase);
  await instance.start(options.readyTimeoutMs);
  return instance;
}

export class ApiInstance {
  readonly client: ApiClient;
  readonly baseUrl: string;
  private child?: ChildProcess;
  private exited?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private output = '';

  constructor(
    readonly port: number,
    readonly env: Record<string, string>,
    readonly dataDir: string,
    readonly database: DatabaseTarget,
    private readonly ownsDatabase: boolean,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.client = new ApiClient(this.baseUrl);
  }

  /** The base of links in mail (PUBLIC_URL). */
  get publicUrl(): string {
    return this.env.PUBLIC_URL;
  }

  get jwtSecret(): string {
    return this.env.JWT_SECRET;
  }

  /** The private key that signs this instance's access tokens now: JWT_SIGNING_KEY, or else its key file. */
  get signingKey(): KeyObject {
    if (this.env.JWT_SIGNING_KEY) return createPrivateKey(this.env.JWT_SIGNING_KEY);
    const file = JSON.parse(readFileSync(join(this.dataDir, SIGNING_KEY_FILE), 'utf8')) as {
      keys: { jwk: object }[];
    };
    return createPrivateKey({ key: file.keys[0].jwk as never, format: 'jwk' });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Everything the process wrote to stdout and stderr (the last 2 MB). */
  get logs(): string {
    return this.output;
  }

  /**
   * Spawns the process (again, after stop(): same port, data and database) and waits until it is ready.
   * The wait is generous: on a loaded 2-core machine PGlite's boot and migrations have taken over 30 s.
   */
  async start(readyTimeoutMs = 50_000): Promise<void> {
    if (this.child) throw new Error('API instance already running');
    const flags = this.database.kind === 'pglite' ? PGLITE_NODE_FLAGS : [];
    const child = spawn(process.execPath, [...flags, API_MAIN], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const capture = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-MAX_OUTPUT_CHARS);
    };
    child.stdout?.on('data', capture);
    child.stderr?.on('data', capture);

    let exitedEarly: { code: number | null } | undefined;
    void this.exited.then((exit) => (exitedEarly = exit));
    try {
      await waitFor(
        `${this.baseUrl}/api/v1/health/ready`,
        async () => {
          if (exitedEarly) throw new StartupExit(exitedEarly.code);
          const response = await fetch(`${this.baseUrl}/api/v1/health/ready`);
          await response.arrayBuffer();
          return response.status === 200 ? true : undefined;
        },
        { timeoutMs: readyTimeoutMs, intervalMs: 50 },
      );
    } catch (error) {
      if (!exitedEarly) await this.stopProcess().catch(() => undefined);
      const reason = exitedEarly ? `exited with code ${exitedEarly.code}` : (error as Error).message;
      throw new Error(
        `API on port ${this.port} did not become ready: ${reason}\n--- API output ---\n${this.output}`,
      );
    }
  }

  /**
   * SIGTERM, then waits for the process to exit (graceful shutdown must finish within 15 s).
   * Prints the captured output when a test of the file failed. Does not release the database.
   */
  async stopProcess(): Promise<ExitInfo> {
    const child = this.child;
    if (!child || !this.exited) throw new Error('API instance is not running');
    const startedAt = Date.now();
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const exit = await Promise.race([this.exited, timeout(SHUTDOWN_TIMEOUT_MS)]);
    this.child = undefined;
    if (!exit) {
      child.kill('SIGKILL');
      await this.exited;
      throw new Error(`API did not shut down within ${SHUTDOWN_TIMEOUT_MS} ms of SIGTERM\n${this.output}`);
    }
    return { ...exit, shutdownMs: Date.now() - startedAt };
  }

  /** Stops the process, then (when it owns them) drops its database and removes its DATA_DIR. */
  async stop(): Promise<ExitInfo | undefined> {
    let exit: ExitInfo | undefined;
    try {
      if (this.child) exit = await this.stopProcess();
    } finally {
      if (anyTestFailed()) this.printLogs();
      if (this.ownsDatabase && this.database.kind === 'postgres') await this.database.drop();
      rmSync(this.dataDir, { recursive: true, force: true });
    }
    if (exit && !endedBySigterm(exit)) {
      throw new Error(`API exited with code ${exit.code} (signal ${exit.signal}) on SIGTERM\n${this.output}`);
    }
    return exit;
  }

  /** Stops and starts the same instance (same port, secret, data), e.g. to pick up changed database rows. */
  async restart(): Promise<void> {
    const exit = await this.stopProcess();
    if (!endedBySigterm(exit))
      throw new Error(`API exited with code ${exit.code} on restart\n${this.output}`);
    await this.start();
  }

  /**
   * Lets a test change rows directly, as an operator with psql would: live on PostgreSQL; on PGlite
   * (single process) the instance is stopped, the statements run, and the instance starts again.
   */
  async editDatabase<T>(work: (sql: SqlRunner) => Promise<T>): Promise<T> {
    const database = this.database;
    if (database.kind === 'pglite') {
      return this.besideTheApp(() => work((text, params) => runOnPglite(database.dataDir, text, params)));
    }
    const runner = postgresRunner(database.url);
    try {
      return await work(runner.run);
    } finally {
      await runner.close();
    }
  }

  /**
   * Runs `work` (another process on this instance's database, such as the admin CLI) next to the app:
   * at once on PostgreSQL; on PGlite, which one process at a time may open, between a stop and a start.
   */
  async besideTheApp<T>(work: () => Promise<T>): Promise<T> {
    if (this.database.kind === 'postgres') return work();
    await this.stopProcess();
    try {
      return await work();
    } finally {
      await this.start();
    }
  }

  printLogs(): void {
    console.error(
      `--- output of the API on port ${this.port} (pid ${this.pid ?? 'stopped'}) ---\n${this.output}`,
    );
  }
}

/**
 * Teardown and restarts accept both a clean exit(0) and Nest's default of re-raising SIGTERM after its
 * shutdown hooks ran; only platform.e2e.ts insists on exit code 0. A crash (exit code 1) is never accepted.
 */
function endedBySigterm(exit: ExitInfo): boolean {
  return exit.code === 0 || (exit.code === null && exit.signal === 'SIGTERM');
}

class StartupExit extends StopWaiting {
  constructor(readonly code: number | null) {
    super(`exited with code ${code}`);
  }
}

function timeout(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms).unref());
}
