import { testConfig } from '../testing/test-config';

describe('passkey settings in AppConfig', () => {
  it('defaults to PUBLIC_URL’s host as RP ID and its origin as the one origin', () => {
    const { webauthn } = testConfig({ PUBLIC_URL: 'https://id.example.com/' });
    expect(webauthn).toEqual({ rpId: 'id.example.com', origins: ['https://id.example.com'] });
  });

  it('takes a parent domain as RP ID and adds WEBAUTHN_ORIGINS on it, web and Android', () => {
    const android = `android:apk-key-hash:${'a'.repeat(43)}`;
    const { webauthn } = testConfig({
      PUBLIC_URL: 'https://id.example.com',
      WEBAUTHN_RP_ID: 'Example.com',
      WEBAUTHN_ORIGINS: ` https://app.example.com , ${android}`,
    });
    expect(webauthn).toEqual({
      rpId: 'example.com',
      origins: ['https://id.example.com', 'https://app.example.com', android],
    });
  });

  it.each([
    ['an RP ID that is not PUBLIC_URL’s host or a parent', { WEBAUTHN_RP_ID: 'other.com' }, /WEBAUTHN_RP_ID/],
    ['an RP ID that is no domain', { WEBAUTHN_RP_ID: 'https://example.com' }, /WEBAUTHN_RP_ID/],
    ['an origin with a path', { WEBAUTHN_ORIGINS: 'https://app.example.com/login' }, /WEBAUTHN_ORIGINS/],
    ['an origin on another site', { WEBAUTHN_ORIGINS: 'https://evil.com' }, /WEBAUTHN_ORIGINS/],
    ['an origin that is no URL', { WEBAUTHN_ORIGINS: 'app' }, /WEBAUTHN_ORIGINS/],
  ])('refuses %s, naming the variable', (_label, env, message) => {
    expect(() => testConfig({ PUBLIC_URL: 'https://id.example.com', ...env })).toThrow(message);
  });
});
