// The passwordless part of `npm run bench`: request bodies for passkey sign-ins and magic-link verifies,
// each good for exactly one sign-in, made before the run so that the run times the verifying call alone
// (not the options call before a passkey sign-in, nor the mail before a magic-link verify).
import { createHash, randomBytes } from 'node:crypto';
import { call, inParallel } from './bench-http.mjs';
import { tokenOf } from './bench-mail-sink.mjs';
import { SoftwareAuthenticator } from './software-authenticator.cjs';

/** Set-up requests in flight at once: enough to keep the server busy, few enough not to time out. */
const SETUP_CONCURRENCY = 10;

/**
 * Registers a passkey for each of the signed-in accounts (just signed in, so their sessions count as recent),
 * then fetches `count` authentication challenges and signs an assertion for each, taking the accounts in turn.
 * The authenticators keep no signature counter, as synced passkeys do: assertions sent out of order must not
 * look like a clone.
 */
export async function passkeySignInBodies(baseUrl, origin, accessTokens, count) {
  const authenticators = await Promise.all(
    accessTokens.map((accessToken) => registeredAuthenticator(baseUrl, origin, accessToken)),
  );
  return inParallel(count, SETUP_CONCURRENCY, async (i) => {
    const { challengeId, options } = await call(
      baseUrl,
      'POST',
      '/api/v1/auth/passkeys/authentication/options',
      undefined,
      200,
    );
    const response = authenticators[i % authenticators.length].assert(options);
    return JSON.stringify({ challengeId, response, tokenDelivery: 'body' });
  });
}

/** A software authenticator holding a passkey just registered for the signed-in account. */
async function registeredAuthenticator(baseUrl, origin, accessToken) {
  const authenticator = new SoftwareAuthenticator(origin, false);
  const registration = await call(
    baseUrl,
    'POST',
    '/api/v1/auth/passkeys/registration/options',
    undefined,
    200,
    accessToken,
  );
  await call(
    baseUrl,
    'POST',
    '/api/v1/auth/passkeys/registration',
    { challengeId: registration.challengeId, response: authenticator.register(registration.options) },
    201,
    accessToken,
  );
  return authenticator;
}

/**
 * `count` accounts without a password, each confirmed by its sign-up link and then holding one unused
 * sign-in link (a new request would replace it, so each verify needs an account of its own); returns the
 * verify bodies: the link's token and the PKCE verifier of the request that asked for it.
 */
export async function magicLinkVerifyBodies(baseUrl, mailSink, count) {
  const run = randomBytes(4).toString('hex');
  return inParallel(count, SETUP_CONCURRENCY, async (i) => {
    const email = `bench-link-${run}-${i}@example.test`;
    const signUp = newPkce();
    await call(baseUrl, 'POST', '/api/v1/auth/signup', { email, codeChallenge: signUp.codeChallenge }, 202);
    const confirm = { token: tokenOf(await mailSink.linkFor(email)), codeVerifier: signUp.codeVerifier };
    await call(baseUrl, 'POST', '/api/v1/auth/magic-link/verify', confirm, 200);
    const signIn = newPkce();
    await call(
      baseUrl,
      'POST',
      '/api/v1/auth/magic-link',
      { email, codeChallenge: signIn.codeChallenge },
      202,
    );
    const token = tokenOf(await mailSink.linkFor(email));
    return JSON.stringify({ token, codeVerifier: signIn.codeVerifier, tokenDelivery: 'body' });
  });
}

/** A PKCE pair (RFC 7636, S256), as the SPA makes one. */
function newPkce() {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
}
