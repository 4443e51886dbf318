import type { Page } from '@playwright/test';
import { checkPage } from './support/accessibility';
import { expect, test } from './support/fixtures';
import { askForLink, signInMail } from './support/magic-links';
import { addVirtualAuthenticator } from './support/virtual-authenticator';

/** The offer added a passkey: said so, went home, and the profile lists it. */
async function expectPasskeyAdded(page: Page) {
  await expect(page.getByText('Your passkey is ready')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: /^Welcome, / })).toBeVisible();

  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Profile' }).click();
  const passkeys = page
    .getByRole('region', { name: 'Passkeys' })
    .getByRole('list', { name: 'Your passkeys' });
  await expect(passkeys.getByRole('listitem')).toHaveCount(1);
}

// Browsers refuse an IP address as WebAuthn RP ID: this file's server and pages live on localhost.
test.use({ publicHost: 'localhost' });

test('after a sign-in by mailed link, the offer adds a passkey, by keyboard', async ({
  page,
  server,
}, testInfo) => {
  const account = await server.createAccount();
  await addVirtualAuthenticator(page);
  await askForLink(page, account.email);
  const { link } = await signInMail(server, account.email);
  await page.goto(link);
  await page.getByRole('button', { name: 'Sign in' }).click();

  const offer = page.getByRole('region', { name: 'Sign in faster next time' });
  await expect(offer.getByRole('heading', { name: 'Sign in faster next time' })).toBeFocused();
  await checkPage(page, 'passkey-offer', testInfo);
  await page.keyboard.press('Tab');
  await expect(offer.getByRole('button', { name: 'Add a passkey' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expectPasskeyAdded(page);
});

test('after a sign-in by the code typed from a mail read on "another device", the offer adds a passkey', async ({
  page,
  server,
}) => {
  const account = await server.createAccount();
  await addVirtualAuthenticator(page);
  await askForLink(page, account.email);
  const { code } = await signInMail(server, account.email);

  await page.getByLabel('Code from the mail').fill(code!);
  await page.getByRole('button', { name: 'Sign in' }).click();

  const offer = page.getByRole('region', { name: 'Sign in faster next time' });
  await expect(offer.getByRole('heading', { name: 'Sign in faster next time' })).toBeFocused();
  await offer.getByRole('button', { name: 'Add a passkey' }).click();
  await expectPasskeyAdded(page);
});
