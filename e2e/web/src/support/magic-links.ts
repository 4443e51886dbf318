import type { Page } from '@playwright/test';
import { extractLink } from '../../../api/src/support/smtp-sink';
import { expect, type Server } from './fixtures';

/** The newest sign-in mail to `email`: the link as the person would click it, and the code. */
export async function signInMail(server: Server, email: string) {
  const mail = await server.sink.waitForMail({ to: email, containing: '/magic-link?token=' });
  const token = extractLink(mail, server.api.publicUrl, 'magic-link');
  return {
    link: `${server.api.publicUrl}/magic-link?token=${encodeURIComponent(token)}`,
    code: /^\s+(\d{6})\s*$/m.exec(mail.text)?.[1],
  };
}

/** From the login page, with the keyboard only: the address, then the "Email me a sign-in link" button. */
export async function askForLink(page: Page, email: string) {
  await page.goto('/login');
  await page.getByLabel('Email address').fill(email);
  await page.getByRole('button', { name: 'Email me a sign-in link' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Check your mail' })).toBeVisible();
  await expect(page.getByRole('main').getByRole('status')).toContainText(email);
}
