import type { Page } from '@playwright/test';
import { AuthenticatorApp } from '../../../api/src/support/authenticator-app';
import { type Account, expect, type Server } from './fixtures';

export { AuthenticatorApp };

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
