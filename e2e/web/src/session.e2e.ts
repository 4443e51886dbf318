import { expect, test } from './support/fixtures';

// The shortest access-token lifetime the API accepts: this file waits it out once.
const ACCESS_TOKEN_TTL_SECONDS = 30;
test.use({ apiEnv: { ACCESS_TOKEN_TTL: `${ACCESS_TOKEN_TTL_SECONDS}s` } });

test('an expired access token is renewed once, silently, and the request goes through', async ({
  signedInPage: { page, account },
}) => {
  test.setTimeout(90_000);
  await page.waitForLoadState('networkidle'); // the home page's own requests are done
  const calls: string[] = [];
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (path.startsWith('/api/v1/'))
      calls.push(`${response.request().method()} ${path} ${response.status()}`);
  });

  await page.waitForTimeout((ACCESS_TOKEN_TTL_SECONDS + 1) * 1000);
  // The profile page asks for the profile and the passkeys at once: both fail, one refresh serves both.
  const profilePaths = ['/api/v1/users/me', '/api/v1/users/me/passkeys'];
  const profileLoaded = Promise.all(
    profilePaths.map((path) =>
      page.waitForResponse(
        (response) => new URL(response.url()).pathname === path && response.status() === 200,
      ),
    ),
  );
  await page.getByRole('link', { name: 'Profile' }).click();
  await profileLoaded;
  await expect(page.locator('#main').getByText(account.email)).toBeVisible();

  expect(calls.filter((call) => call.includes('/auth/refresh'))).toEqual(['POST /api/v1/auth/refresh 200']);
  expect(calls.filter((call) => !call.includes('/auth/refresh')).sort()).toEqual(
    profilePaths.flatMap((path) => [`GET ${path} 200`, `GET ${path} 401`]),
  );
  expect(calls.indexOf('POST /api/v1/auth/refresh 200')).toBeLessThan(
    calls.indexOf('GET /api/v1/users/me 200'),
  );
});
