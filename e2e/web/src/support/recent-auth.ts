import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/**
 * A session counts as recently signed in for this long in the files that set it as the server's
 * RECENT_AUTH_WINDOW (test.use({ apiEnv: SHORT_RECENT_AUTH })); their tests wait it out.
 */
const RECENT_AUTH_SECONDS = 3;
export const SHORT_RECENT_AUTH = { RECENT_AUTH_WINDOW: String(RECENT_AUTH_SECONDS) };

/** Lets the sign-in grow old, as when someone left the tab open for a while. */
export const waitOutTheWindow = (page: Page) => page.waitForTimeout(RECENT_AUTH_SECONDS * 1000 + 500);

export async function openProfile(page: Page) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your profile' })).toBeVisible();
}
