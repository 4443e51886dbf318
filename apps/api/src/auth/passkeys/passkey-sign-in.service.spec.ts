import bcrypt from 'bcrypt';
import {
  AuthenticationOptionsJson,
  RegistrationOptionsJson,
  SoftwareAuthenticator,
} from '../../../../../scripts/lib/software-authenticator.cjs';
import {
  AccountServices,
  accountServices,
  ACCOUNT_ENTITIES,
  insertAccount,
  TEST_PASSWORD,
} from '../../testing/account-services';
import { createTestDatabase, TestDatabase } from '../../testing/test-database';
import { User } from '../../users/user.entity';
import type { RegisterPasskeyDto } from './dto/passkey.dto';
import { PasskeySignInService } from './passkey-sign-in.service';
import { Passkey } from './passkey.entity';
import { PasskeysRepository } from './passkeys.repository';
import { PasskeysService } from './passkeys.service';
import { WebAuthnChallenge } from './webauthn-challenge.entity';
import { WebAuthnChallenges } from './webauthn-challenges';

/**
 * A passkey sign-in costs no password hashing (docs/architecture.md › Passkeys): the budget of
 * 20 ms p50 leaves no room for a bcrypt round, which alone takes longer at the production cost. The
 * ceremonies themselves, and every refusal, are tested end to end in e2e/api (passkey-sign-in.e2e.ts).
 */
describe('PasskeySignInService', () => {
  let db: TestDatabase;
  let services: AccountServices;
  let passkeys: PasskeysService;
  let signIns: PasskeySignInService;
  let authenticator: SoftwareAuthenticator;
  let user: User;

  beforeAll(async () => {
    db = await createTestDatabase([...ACCOUNT_ENTITIES, Passkey, WebAuthnChallenge]);
    services = await accountServices(db.dataSource);
    const { dataSource } = db;
    const repository = new PasskeysRepository(dataSource);
    const challenges = new WebAuthnChallenges(dataSource.getRepository(WebAuthnChallenge));
    passkeys = new PasskeysService(
      dataSource,
      services.config,
      repository,
      challenges,
      services.outbox,
      services.events,
    );
    signIns = new PasskeySignInService(
      dataSource,
      services.config,
      repository,
      challenges,
      passkeys,
      services.auth,
      services.sessions,
    );
    // An account with a password too, so a sign-in that checked one would have a hash to check.
    user = await insertAccount(services, dataSource.getRepository(User));
    authenticator = new SoftwareAuthenticator(new URL(services.config.publicUrl).origin);
    const { challengeId, options } = await passkeys.registrationOptions(user);
    const response = authenticator.register(options as unknown as RegistrationOptionsJson);
    await passkeys.register(
      user,
      { challengeId, response: response as RegisterPasskeyDto['response'] },
      undefined,
    );
  });
  afterAll(() => db?.close());
  afterEach(() => jest.restoreAllMocks());

  /** Spies on both bcrypt calls: the comparison of a sign-in and the hashing of a new password. */
  function watchBcrypt() {
    return [jest.spyOn(bcrypt, 'compare'), jest.spyOn(bcrypt, 'hash')];
  }

  it('signs in with a passkey without calling bcrypt', async () => {
    const { challengeId, options } = await signIns.authenticationOptions();
    const response = authenticator.assert(options as unknown as AuthenticationOptionsJson);
    const spies = watchBcrypt();

    const signedIn = await signIns.signIn({ challengeId, response }, {});

    expect(signedIn.user.id).toBe(user.id);
    expect(signedIn.accessToken).toEqual(expect.any(String));
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });

  it('sees bcrypt when a password signs in (the spies work)', async () => {
    const spies = watchBcrypt();

    await services.auth.login({ email: user.email, password: TEST_PASSWORD }, {});

    expect(spies[0]).toHaveBeenCalledTimes(1);
  });
});
