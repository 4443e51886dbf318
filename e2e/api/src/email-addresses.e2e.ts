import { randomBytes } from 'node:crypto';
import { domainToUnicode } from 'node:url';
import {
  ApiResponse,
  confirmationMail,
  expectProblem,
  passphrase,
  requestSignUp,
  signedInUser,
  SignedInUser,
  useServers,
} from './support';

/** An address of exactly `length` characters (local part 64, labels of at most 63), unique per call. */
function addressOfLength(length: number): string {
  const unique = randomBytes(4).toString('hex');
  const last = 'd'.repeat(length - (64 + 1 + 63 + 1 + 63 + 1 + 4) - unique.length) + unique;
  return `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${last}.com`;
}

/** Addresses that are valid somewhere (RFC 5322, RFC 6531) but not for an account here. */
const REFUSED: [string, string][] = [
  ['a quoted local part with CR/LF', '"ada\r\nBcc: all@example.net"@example.com'],
  ['a quoted local part with markup', '"<script>alert(1)</script>"@example.com'],
  ['a quoted local part with spaces', '"ada lovelace"@example.com'],
  ['markup', '<script>@example.com'],
  ['a space', 'ada lovelace@example.com'],
  ['a comment', 'ada(work)@example.com'],
  ['an IP literal', 'ada@[127.0.0.1]'],
  ['an accented local part', 'josé@example.com'],
  ['a non-ASCII domain', 'ada@bücher.example'],
  ['a local part over 64 characters', `${'a'.repeat(65)}@example.com`],
  ['an address over 254 characters', addressOfLength(255)],
];

describe('email addresses: dot-atom only', () => {
  const servers = useServers();
  const app = () => servers.app;

  /** The routes that mail an address the caller names, each with the field the address goes in. */
  const routes: [string, (email: string, user: SignedInUser) => Promise<ApiResponse>, string][] = [
    ['sign-up', (email) => app().client.post('/auth/signup', { email, password: passphrase() }), 'email'],
    ['forgot password', (email) => app().client.post('/auth/password/forgot', { email }), 'email'],
    [
      'email change',
      (newEmail, user) =>
        app().client.post(
          '/users/me/email',
          { newEmail, currentPassword: user.password },
          { token: user.accessToken },
        ),
      'newEmail',
    ],
  ];

  let user: SignedInUser;
  beforeAll(async () => {
    user = await signedInUser(app(), servers.sink);
  });

  describe.each(routes)('%s', (_route, send, field) => {
    it.each(REFUSED)(`refuses %s with 400 VALIDATION_FAILED naming ${field}`, async (_label, email) => {
      const response = await send(email, user);
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toEqual([expect.objectContaining({ field })]);
    });
  });

  it.each([
    ['a 64-character local part', `${'a'.repeat(56)}${randomBytes(4).toString('hex')}@example.com`],
    ['253 characters', addressOfLength(253)],
    ['atext punctuation', `o'brien+news.${randomBytes(4).toString('hex')}@example.com`],
    [
      'an internationalised domain in its xn-- form',
      `ada.${randomBytes(4).toString('hex')}@xn--bcher-kva.example`,
    ],
  ])('signs up %s and mails it the confirmation', async (_label, email) => {
    await requestSignUp(app(), { email });
    // The sink's SMTP server reports a recipient's domain in Unicode (bücher.example), as it decodes it.
    const [localPart, domain] = email.split('@');
    await confirmationMail(app(), servers.sink, `${localPart}@${domainToUnicode(domain)}`);
  });

  it('accepts an address of exactly 254 characters, the most RFC 5321 lets through', async () => {
    // Not delivered here: the sink's SMTP server (smtp-server) counts the path limit one short, at 253.
    await requestSignUp(app(), { email: addressOfLength(254) });
  });

  it('login only looks the address up: a refused spelling answers like any unknown address', async () => {
    const response = await app().client.post('/auth/login', {
      email: '"<script>alert(1)</script>"@example.com',
      password: passphrase(),
    });
    expectProblem(response, 401, 'INVALID_CREDENTIALS');
  });
});
