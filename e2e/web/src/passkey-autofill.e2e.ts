import type { Page } from '@playwright/test';
import { expect, test } from './support/fixtures';
import { addVirtualAuthenticator } from './support/virtual-authenticator';

// Browsers refuse an IP address as WebAuthn RP ID: this file's server and pages live on localhost.
test.use({ publicHost: 'localhost' });

/**
 * Passkey autofill on the login page (conditional mediation). Chromium's virtual authenticator answers a
 * conditional request by itself, as soon as the page makes it, when it holds a passkey for the site and
 * simulates the person's touch: no autofill list shows in a headless browser, so the test cannot pick an
 * entry from it; this answer is the nearest stand-in for picking one.
 */

/** A signed-in page's account gets a passkey on a virtual authenticator, then signs out. */
async function passkeyThenSignOut(page: Page) {
  const authenticator = await addVirtualAuthenticator(page);
  await page.getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('region', { name: 'Passkeys' })).toContainText('You have no passkeys yet.');
  await page.getByRole('region', { name: 'Passkeys' }).getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByText('Your passkey is ready')).toBeVisible();
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('navigation', { name: 'Main' })).toContainText('Log in');
  return authenticator;
}

/** The passkey sign-in requests the page makes from now on, by path. */
function passkeyRequests(page: Page) {
  const paths: string[] = [];
  page.on('request', (request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/v1/auth/passkeys/authentication')) paths.push(pathname);
  });
  return {
    options: () => paths.filter((path) => path.endsWith('/options')).length,
    signIns: () => paths.filter((path) => path.endsWith('/authentication')).length,
  };
}

/** Every navigator.credentials.get() the page makes from its next load on: how it asks, and how it ended. */
async function recordCeremonies(page: Page) {
  // Browser code as a string: the suite type-checks with Node's types only (support/fixtures.ts).
  await page.addInitScript({
    content: `
      window.ceremonies = [];
      const get = navigator.credentials.get.bind(navigator.credentials);
      navigator.credentials.get = (options) => {
        const ceremony = { mediation: options.mediation ?? 'optional', outcome: 'pending' };
        window.ceremonies.push(ceremony);
        const answer = get(options);
        answer.then(
          () => (ceremony.outcome = 'answered'),
          (error) => (ceremony.outcome = error.name),
        );
        return answer;
      };
    `,
  });
}

function ceremonies(page: Page) {
  return page.evaluate('window.ceremonies');
}

test.describe('passkey autofill', () => {
  test('opening the login page asks for one challenge, and the passkey it offers signs in', async ({
    signedInPage: { page },
  }) => {
    await passkeyThenSignOut(page);
    const requests = passkeyRequests(page);

    await page.goto('/login?redirect=/profile');

    await expect(page.getByText(/^Welcome back, /)).toBeVisible();
    await expect(page).toHaveURL(/\/profile$/);
    expect(requests.options()).toBe(1);
    expect(requests.signIns()).toBe(1);
  });

  test('while the autofill request waits, the passkey button takes it over with the same challenge', async ({
    signedInPage: { page },
  }) => {
    const authenticator = await passkeyThenSignOut(page);
    const requests = passkeyRequests(page);
    await recordCeremonies(page);
    await authenticator.setPresence(false); // nobody touches the authenticator: the request waits

    await page.goto('/login');
    await expect(page.getByLabel('Email address')).toHaveAttribute('autocomplete', 'username webauthn');
    await expect.poll(() => ceremonies(page)).toEqual([{ mediation: 'conditional', outcome: 'pending' }]);
    // The request reaches the authenticator a moment after the page made it: touched before that, it
    // would answer the autofill request itself.
    await page.waitForTimeout(1_000);
    expect(requests.signIns()).toBe(0);

    await authenticator.setPresence(true);
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();

    await expect(page.getByText(/^Welcome back, /)).toBeVisible();
    expect(await ceremonies(page)).toEqual([
      { mediation: 'conditional', outcome: 'AbortError' },
      { mediation: 'optional', outcome: 'answered' },
    ]);
    expect(requests.options()).toBe(1);
    expect(requests.signIns()).toBe(1);
  });
});
