import type { Page } from '@playwright/test';
import { Secret, TOTP } from 'otpauth';
import { type Account, expect, type Server } from './fixtures';

const STEP_MS = 30_000;
/** A step this close to its end may be over when the API checks: no code is taken from it. */
const STEP_END_MARGIN_MS = 3_000;

/**
 * The phone in these tests, computing codes with the library an authenticator app would use. The API takes
 * ±1 step and never a step it accepted before (or an earlier one), so each code comes from the earliest step
 * still open, waiting for the next step when all three are spent.
 */
export class AuthenticatorApp {
  private readonly totp: TOTP;
  private lastStep = -Infinity;

  constructor(secret: string) {
    this.totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
  }

  async nextCode(): Promise<string> {
    for (;;) {
      const now = Date.now();
      const current = Math.floor(now / STEP_MS);
      const left = STEP_MS - (now % STEP_MS);
      const step = Math.max(this.lastStep + 1, current - 1);
      if (left > STEP_END_MARGIN_MS && step <= current + 1) {
        this.lastStep = step;
        return this.totp.generate({ timestamp: step * STEP_MS });
      }
      await new Promise((resolve) => setTimeout(resolve, left + 50));
    }
  }
}

/** Turns two-step verification on as the profile section does (start, confirm with a first code). */
export async function turnOnThroughApi(server: Server, account: Account): Promise<AuthenticatorApp> {
  const { client } = server.api;
  const token = (await client.post<{ accessToken: string }>('/auth/login', account)).body.accessToken;
  const started = await client.post<{ secret: string }>('/users/me/mfa/totp', undefined, { token });
  const app = new AuthenticatorApp(started.body.secret);
  const confirmed = await client.post(
    '/users/me/mfa/totp/confirm',
    { code: await app.nextCode() },
    { token },
  );
  expect(confirmed.status).toBe(200);
  return app;
}

/** The set-up in the profile's section, from the key typed off the page; the recovery codes it shows. */
export async function turnOnInProfile(
  page: Page,
): Promise<{ app: AuthenticatorApp; recoveryCodes: string[] }> {
  const section = page.getByRole('region', { name: 'Two-step verification' });
  await section.getByRole('button', { name: 'Turn on two-step verification' }).click();
  await expect(section.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const typedKey = (await section.locator('#totp-secret').textContent()) ?? '';
  const app = new AuthenticatorApp(typedKey.replace(/\s/g, ''));
  await section.getByLabel('Code from the app').fill(await app.nextCode());
  await section.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByText('Two-step verification is on')).toBeVisible();
  const codes = section.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
  await expect(codes).toHaveCount(10);
  return { app, recoveryCodes: (await codes.allTextContents()).map((code) => code.trim()) };
}
