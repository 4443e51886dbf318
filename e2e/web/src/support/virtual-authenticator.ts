import type { Page } from '@playwright/test';

/**
 * Chromium's virtual authenticator on `page`: a platform authenticator that holds discoverable credentials
 * and verifies the user without asking. Pages must be on localhost (test.use({ publicHost: 'localhost' })):
 * browsers refuse an IP address as WebAuthn RP ID.
 */
export async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}
