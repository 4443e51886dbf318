import type { Page } from '@playwright/test';

/**
 * Chromium's virtual authenticator on `page`: a platform authenticator that holds discoverable credentials
 * and verifies the user without asking. Pages must be on localhost (test.use({ publicHost: 'localhost' })):
 * browsers refuse an IP address as WebAuthn RP ID.
 */
export async function addVirtualAuthenticator(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    /** Whether the person touches the authenticator when asked; while not, every request waits. */
    setPresence: (enabled: boolean) =>
      cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId, enabled }),
  };
}
