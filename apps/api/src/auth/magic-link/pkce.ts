import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';
import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 7636 §4.2: the S256 challenge is BASE64URL(SHA-256(verifier)) without padding, 43 characters. */
export const CODE_CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** RFC 7636 §4.1: 43 to 128 unreserved characters. */
export const CODE_VERIFIER_PATTERN = /^[A-Za-z0-9._~-]{43,128}$/;

const EXAMPLE_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const EXAMPLE_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

/** The challenge a verifier answers. */
export function codeChallengeOf(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

/** Whether `codeVerifier` is the one whose challenge was stored with the secret; constant time. */
export function answersChallenge(codeVerifier: string, storedChallenge: unknown): boolean {
  if (typeof storedChallenge !== 'string') return false;
  const [computed, stored] = [Buffer.from(codeChallengeOf(codeVerifier)), Buffer.from(storedChallenge)];
  return computed.length === stored.length && timingSafeEqual(computed, stored);
}

/** The `codeChallenge` field of the requests that mail a sign-in link. */
export function IsCodeChallenge({ required = true }: { required?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      required,
      description:
        'PKCE (RFC 7636, S256): BASE64URL(SHA-256(codeVerifier)) without padding. Keep the verifier on the ' +
        'device that asks: the mailed link and code sign in only together with it.',
      pattern: CODE_CHALLENGE_PATTERN.source,
      example: EXAMPLE_CHALLENGE,
    }),
    Matches(CODE_CHALLENGE_PATTERN, {
      message: 'The code challenge is the 43-character BASE64URL(SHA-256) of the code verifier.',
    }),
    IsString(),
  );
}

/** The `codeVerifier` field of POST /auth/magic-link/verify. */
export function IsCodeVerifier(): PropertyDecorator {
  return applyDecorators(
    ApiProperty({
      description: 'The PKCE verifier whose challenge was sent with the request for the link.',
      pattern: CODE_VERIFIER_PATTERN.source,
      example: EXAMPLE_VERIFIER,
    }),
    Matches(CODE_VERIFIER_PATTERN, {
      message: 'The code verifier is 43 to 128 characters of A-Z, a-z, 0-9 and -._~',
    }),
    IsString(),
  );
}
