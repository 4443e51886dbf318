import { randomUUID } from 'node:crypto';
import {
  ApiResponse,
  authenticationOptions,
  authenticatorFor,
  CeremonyTweaks,
  delay,
  expectProblem,
  expectStatus,
  registerPasskey,
  signedInUser,
  SignedInUser,
  SoftwareAuthenticator,
  uniqueEmail,
  useServers,
} from './support';

/** RECENT_AUTH_WINDOW of this file's server, in seconds: short, so a test can let a session grow old. */
const WINDOW_SECONDS = 5;

/** A signed-in person, their authenticator, and whether they registered a passkey on it. */
interface Person extends SignedInUser {
  authenticator: SoftwareAuthenticator;
}

describe('POST /auth/reauthenticate with a passkey', () => {
  const servers = useServers({ env: { RECENT_AUTH_WINDOW: String(WINDOW_SECONDS) } });
  const app = () => servers.app;
  const client = () => app().client;
  const withPasskey: Person[] = [];
  let withoutPasskey: Person;

  const reauthenticate = (user: SignedInUser, body: Record<string, unknown> | undefined) =>
    client().post('/auth/reauthenticate', body, { token: user.accessToken });
  const changeEmail = (user: SignedInUser) =>
    client().post('/users/me/email', { newEmail: uniqueEmail('moved') }, { token: user.accessToken });

  /** Fresh options answered by `authenticator` (its first passkey): the body of a passkey re-authentication. */
  async function passkeyProof(authenticator: SoftwareAuthenticator, tweaks: CeremonyTweaks = {}) {
    const { challengeId, options } = await authenticationOptions(app());
    return { challengeId, response: authenticator.assert(options, tweaks) };
  }

  async function expectNotRecent(user: SignedInUser, methods: string[]): Promise<void> {
    const response = await changeEmail(user);
    expectProblem(response, 403, 'REAUTHENTICATION_REQUIRED');
    expect(response.body.methods).toEqual(methods);
  }

  function expectInvalidAssertion(response: ApiResponse): void {
    expectProblem(response, 400, 'INVALID_PASSKEY_ASSERTION');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'response' })]);
  }

  /** One person with a passkey per test (a passkey proof spends its challenge, and the session turns recent). */
  function nextWithPasskey(): Person {
    const person = withPasskey.pop();
    if (!person) throw new Error('raise the count in beforeAll: every person with a passkey is used');
    return person;
  }

  beforeAll(async () => {
    // Sessions just signed in are recent, as adding a passkey needs; then they grow old together.
    const people = await Promise.all(
      Array.from({ length: 7 }, async () => {
        const user = await signedInUser(app(), servers.sink);
        return { ...user, authenticator: authenticatorFor(app()) };
      }),
    );
    withoutPasskey = people.pop()!;
    await Promise.all(
      people.map((person) => registerPasskey(app(), person.accessToken, person.authenticator)),
    );
    withPasskey.push(...people);
    await delay(WINDOW_SECONDS * 1000 + 500);
  });

  it('lists passkey among the methods once the account has one', async () => {
    await expectNotRecent(withPasskey[0], ['password', 'passkey']);
    await expectNotRecent(withoutPasskey, ['password']);
  });

  it('makes the session recent with the account’s own passkey (204), so a sensitive change goes through', async () => {
    const person = nextWithPasskey();

    expectStatus(await reauthenticate(person, await passkeyProof(person.authenticator)), 204);

    expectStatus(await changeEmail(person), 202);
  });

  it('refuses the same answer a second time (its challenge is spent)', async () => {
    const person = nextWithPasskey();
    const proof = await passkeyProof(person.authenticator);
    expectStatus(await reauthenticate(person, proof), 204);
    await delay(WINDOW_SECONDS * 1000 + 500);

    expectInvalidAssertion(await reauthenticate(person, proof));

    await expectNotRecent(person, ['password', 'passkey']);
  });

  it('refuses a valid answer from another account’s passkey, and spends its challenge', async () => {
    const [person, stranger] = [nextWithPasskey(), nextWithPasskey()];
    const strangers = await passkeyProof(stranger.authenticator);

    expectInvalidAssertion(await reauthenticate(person, strangers));

    await expectNotRecent(person, ['password', 'passkey']);
    // The stranger's own session cannot use it afterwards either: one challenge, one try.
    expectInvalidAssertion(await reauthenticate(stranger, strangers));
    await expectNotRecent(stranger, ['password', 'passkey']);
  });

  it.each<[string, CeremonyTweaks]>([
    ['without user verification', { userVerified: false }],
    ['for another origin', { origin: 'https://evil.example' }],
    ['of a registration', { type: 'webauthn.create' }],
  ])('refuses an answer %s', async (_label, tweaks) => {
    const person = withPasskey[0];

    expectInvalidAssertion(await reauthenticate(person, await passkeyProof(person.authenticator, tweaks)));

    await expectNotRecent(person, ['password', 'passkey']);
  });

  it('refuses an unknown challenge id', async () => {
    const person = withPasskey[0];
    const { response } = await passkeyProof(person.authenticator);

    expectInvalidAssertion(await reauthenticate(person, { challengeId: randomUUID(), response }));
  });

  it('answers 403 REAUTH_METHOD_UNAVAILABLE to an account without a passkey, naming what works', async () => {
    // The answer is a valid one, of someone else's passkey: it is not even looked at.
    const proof = await passkeyProof(nextWithPasskey().authenticator);

    const response = await reauthenticate(withoutPasskey, proof);

    expectProblem(response, 403, 'REAUTH_METHOD_UNAVAILABLE');
    expect(response.body.methods).toEqual(['password']);
    await expectNotRecent(withoutPasskey, ['password']);
  });

  describe('malformed answers', () => {
    let proof: { challengeId: string; response: ReturnType<SoftwareAuthenticator['assert']> };
    beforeAll(async () => {
      proof = await passkeyProof(withPasskey[0].authenticator);
    });

    it.each<[string, () => Record<string, unknown>, string[]]>([
      ['a response without challengeId', () => ({ response: proof.response }), ['challengeId']],
      [
        'a challengeId without response',
        () => ({ challengeId: proof.challengeId }),
        ['password', 'challengeId'],
      ],
      ['a challengeId that is no uuid', () => ({ ...proof, challengeId: 'abc' }), ['challengeId']],
      [
        'a response and a password',
        () => ({ ...proof, password: 'lantern quietly orbiting plums' }),
        ['password'],
      ],
      ['a response that is a string', () => ({ ...proof, response: 'signed' }), ['response']],
      ['a null response', () => ({ ...proof, response: null }), ['response']],
      ['a response that is an array', () => ({ ...proof, response: [proof.response] }), ['response']],
      [
        'a signature that is not base64url',
        () => ({
          ...proof,
          response: { ...proof.response, response: { ...proof.response.response, signature: '%%' } },
        }),
        ['response.response.signature'],
      ],
      [
        'an over-long credential id',
        () => ({ ...proof, response: { ...proof.response, id: 'A'.repeat(5000) } }),
        ['response.id'],
      ],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, body, fields) => {
      const response = await reauthenticate(withPasskey[0], body());

      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect((response.body.errors ?? []).map((error) => error.field)).toEqual(fields);
      await expectNotRecent(withPasskey[0], ['password', 'passkey']);
    });

    it.each([
      [
        'a response nested 3,000 levels deep',
        `{"challengeId":"${randomUUID()}","response":${'['.repeat(3000)}1${']'.repeat(3000)}}`,
      ],
      [
        'a lone surrogate in the credential id',
        `{"challengeId":"${randomUUID()}","response":{"id":"ab\\ud800"}}`,
      ],
      ['a huge number as the challenge id', '{"challengeId":1e308,"response":{}}'],
    ])('refuses %s with a 400 problem', async (_label, rawBody) => {
      const response = await client().post('/auth/reauthenticate', undefined, {
        rawBody,
        token: withPasskey[0].accessToken,
      });

      expect(response.status).toBe(400);
      expect(response.body.code).toMatch(/^[A-Z_]+$/);
      await expectNotRecent(withPasskey[0], ['password', 'passkey']);
    });
  });
});
