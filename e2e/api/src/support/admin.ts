import { execFile } from 'node:child_process';
import type { ApiInstance } from './api-instance';
import type { SmtpSink } from './smtp-sink';
import { expectStatus, passphrase } from './fixtures';
import { confirmFromMail, loginAs, signUp, SignedInUser } from './flows';
import type { LooseBody } from './http-client';
import { forgotPassword, postPasswordReset } from './password-flows';
import { PGLITE_NODE_FLAGS } from './database';
import { API_DIR, REPO_ROOT } from './paths';

/** An account as GET /admin/users lists it (docs/architecture.md › Routes and folders). */
export interface AdminUser {
  id: string;
  email: string;
  nickname: string;
  avatarUrl: string;
  role: string;
  emailConfirmed: boolean;
  approved: boolean;
  mfaEnabled: boolean;
  disabled: boolean;
  createdAt: string;
}

export interface AdminUserPage {
  items: AdminUser[];
  page: number;
  pageSize: number;
  total: number;
}

export type AdminUserChange = Partial<Pick<AdminUser, 'approved' | 'disabled' | 'role'>>;

/**
 * Makes `email`, which the instance must list in ADMIN_EMAILS, an admin the one way the API allows: sign
 * up and confirm, then set the password through the reset link mailed to the address; logs in with it.
 */
export async function signedInAdmin(app: ApiInstance, sink: SmtpSink, email: string): Promise<SignedInUser> {
  const account = await signUp(app, sink, { email });
  await confirmFromMail(app, account.mail);
  const password = passphrase();
  const { token } = await forgotPassword(app, sink, email);
  expectStatus(await postPasswordReset(app, { token, newPassword: password }), 204);
  const { user, accessToken, refreshToken } = await loginAs(app, { email, password });
  if (user.role !== 'admin') throw new Error(`${email} did not become an admin: is it in ADMIN_EMAILS?`);
  if (!refreshToken) throw new Error('login with body delivery returned no refreshToken');
  return { email, password, user, accessToken, refreshToken };
}

/** GET /admin/users with the given query parameters. */
export function listUsers(
  app: ApiInstance,
  token: string | undefined,
  query: Record<string, string | number> = {},
) {
  const search = new URLSearchParams(
    Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
  );
  return app.client.get<AdminUserPage & LooseBody>(`/admin/users?${search}`, { token });
}

/** GET /admin/users, expecting 200; returns the page. */
export async function usersPage(
  app: ApiInstance,
  token: string,
  query: Record<string, string | number> = {},
) {
  const response = await listUsers(app, token, query);
  expectStatus(response, 200);
  return response.body;
}

/** PATCH /admin/users/:id (any body, so tests can send invalid ones). */
export function updateUser(app: ApiInstance, token: string | undefined, id: string, change: unknown) {
  return app.client.patch<AdminUser & LooseBody>(`/admin/users/${id}`, change, { token });
}

export const ADMIN_CLI = `${API_DIR}/dist/cli/admin.js`;
export const SEED_CLI = `${API_DIR}/dist/cli/seed.js`;

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the built admin CLI (`npm run admin -- …` without the build step) with the instance's environment,
 * so it reaches the same database. It runs as is: on PGlite, wrap it in `app.besideTheApp(…)`.
 */
export function runAdminCli(app: ApiInstance, args: string[]): Promise<CliRun> {
  return runBuiltCli(ADMIN_CLI, app.env, args);
}

/** Runs a built CLI of the API (dist/cli/*.js) with `env` and nothing else from this process but PATH. */
export function runBuiltCli(cli: string, env: Record<string, string>, args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...(env.DATABASE_URL ? [] : PGLITE_NODE_FLAGS), cli, ...args],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const exitCode = error ? error.code : 0;
        if (typeof exitCode !== 'number') reject(error ?? new Error(`${cli} did not exit`));
        else resolve({ exitCode, stdout, stderr });
      },
    );
  });
}
