// How a product checks a Latchkey access token without holding any secret (README › Verify tokens in your
// product). Needs `npm install jose`. Tested against a running API by e2e/api/src/jwks.e2e.ts.
//
//   LATCHKEY_ISSUER=https://id.example.com node examples/verify-token.mjs <access token> [--require-mfa]
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { pathToFileURL } from 'node:url';

// Latchkey's PUBLIC_URL: the `iss` of its tokens, and the origin that serves its keys.
const issuer = process.env.LATCHKEY_ISSUER;
// Fetched once and cached; fetched again when a token names a key not seen yet (after a key rotation).
const keys = createRemoteJWKSet(new URL(process.env.LATCHKEY_JWKS_URL ?? `${issuer}/.well-known/jwks.json`));

/** The token's claims (`sub` is the user's id, `sid` the session), or an error when it must not be trusted. */
export async function verifyAccessToken(token, { requireMfa = false } = {}) {
  const { payload } = await jwtVerify(token, keys, {
    issuer,
    audience: 'latchkey-api',
    algorithms: ['ES256'], // never what the token's header claims
  });
  if (payload.typ !== 'access') throw new Error('not an access token');
  // amr (RFC 8176) says how the person signed in; "mfa" means a second factor: an authenticator-app
  // or recovery code after the password or link, or a passkey.
  if (requireMfa && !payload.amr?.includes('mfa')) throw new Error('a second factor is required');
  return payload;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [token, option] = process.argv.slice(2);
  try {
    const claims = await verifyAccessToken(token, { requireMfa: option === '--require-mfa' });
    console.log(JSON.stringify(claims));
  } catch (error) {
    console.error(`refused: ${error.message}`);
    process.exitCode = 1;
  }
}
