import { randomUUID } from 'node:crypto';
import { newPrivateKey } from '../../config/key-file';
import { testConfig } from '../../testing/test-config';
import { AccessTokenVerifier } from './access-token-verifier';
import { AccessTokens } from './access-tokens';

describe('AccessTokenVerifier', () => {
  const config = testConfig({ ACCESS_TOKEN_TTL: '60' });
  const tokens = new AccessTokens(config);
  const issue = (from = tokens) => from.issue(randomUUID(), randomUUID(), ['pwd']).accessToken;

  afterEach(() => jest.useRealTimers());

  it('verifies an ES256 token of the current key and remembers it: the same claims on the next request', () => {
    const verifier = new AccessTokenVerifier(tokens);
    const token = issue();

    const claims = verifier.verify(token);

    expect(claims).toMatchObject({ typ: 'access', amr: ['pwd'], iss: config.publicUrl, aud: 'latchkey-api' });
    expect(verifier.verify(token)).toBe(claims);
  });

  it('refuses a remembered token from the second its exp names', () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 11, 6, 12, 0, 0), doNotFake: ['nextTick', 'setImmediate'] });
    const verifier = new AccessTokenVerifier(tokens);
    const token = issue();
    expect(verifier.verify(token)).toBeDefined();

    jest.setSystemTime(Date.UTC(2026, 11, 6, 12, 0, 59));
    expect(verifier.verify(token)).toBeDefined();
    jest.setSystemTime(Date.UTC(2026, 11, 6, 12, 1, 0));
    expect(verifier.verify(token)).toBeUndefined();
  });

  it('refuses tokens of the bench-only HS256 form, signed with the same JWT_SECRET', () => {
    const hs256 = new AccessTokens(
      testConfig({ JWT_SECRET: config.jwtSecret, BENCH_HS256_ACCESS_TOKENS: 'true' }),
    );
    const token = issue(hs256);
    expect(new AccessTokenVerifier(hs256).verify(token)).toBeDefined(); // the control: it is a sound token

    expect(new AccessTokenVerifier(tokens).verify(token)).toBeUndefined();
  });

  it('refuses a token of another key ring, and one of another issuer', () => {
    const verifier = new AccessTokenVerifier(tokens);
    const otherKey = newPrivateKey().export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(
      verifier.verify(issue(new AccessTokens(testConfig({ JWT_SIGNING_KEY: otherKey })))),
    ).toBeUndefined();
    const sameKeyOtherIssuer = new AccessTokens(
      testConfig({ JWT_SIGNING_KEY: pemOf(config), PUBLIC_URL: 'https://elsewhere.example' }),
    );
    expect(verifier.verify(issue(sameKeyOtherIssuer))).toBeUndefined();
  });
});

function pemOf(config: ReturnType<typeof testConfig>): string {
  return config.signingKeys.current.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
}
