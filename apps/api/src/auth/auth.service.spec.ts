import type { MfaRequiredDto } from './mfa/dto/mfa.dto';
import { verify } from 'jsonwebtoken';
import { AppConfig } from '../config/app-config';
import { MailOutbox } from '../mail/mail-outbox.entity';
import { problemFrom } from '../testing/problem-from';
import { accountServices, signedInAs, tokenOf } from '../testing/account-services';
import { ACCOUNT_ENTITIES } from '../testing/test-accounts';
import { createTestDatabase, TestDatabase } from '../testing/test-database';
import { User } from '../users/user.entity';
import { EmailChangeService } from './account/email-change.service';
import { AuthService } from './auth.service';
import { PasswordHasher } from './password/password-hasher';
import { Session } from './sessions/session.entity';
import { SessionsService } from './sessions/sessions.service';
import { AccessClaims } from './tokens/access-tokens';
import { OneTimeToken } from './tokens/one-time-token.entity';
import { newSecretToken } from './tokens/secret-token';

const PASSWORD = 'lantern quietly orbiting plums';
const OTHER_PASSWORD = 'seven violet kites humming';
const DAY_MS = 86_400_000;

/** The session of a sign-in that needed no second step (these accounts have no TOTP). */
function sessionOf<T extends object>(result: T | MfaRequiredDto): T {
  if ('mfaRequired' in result) throw new Error('expected a session, got mfaRequired');
  return result;
}

describe('AuthService', () => {
  let db: TestDatabase;
  let config: AppConfig;
  let hasher: PasswordHasher;
  let auth: AuthService;
  let emailChange: EmailChangeService;
  let sessions: SessionsService;

  beforeAll(async () => {
    db = await createTestDatabase(ACCOUNT_ENTITIES);
    ({ config, hasher, auth, emailChange, sessions } = await accountServices(db.dataSource, {
      ADMIN_EMAILS: 'boss@example.com',
      REQUIRE_APPROVAL: 'true',
    }));
  });

  afterAll(() => db?.close());

  function mailTo(to: string): Promise<MailOutbox[]> {
    return db.dataSource.getRepository(MailOutbox).find({ where: { to }, order: { createdAt: 'ASC' } });
  }

  function userWithEmail(email: string): Promise<User | null> {
    return db.dataSource.getRepository(User).findOneBy({ email });
  }

  /** Signs up and returns the token from the link in the confirmation mail. */
  async function signUpForToken(email: string): Promise<string> {
    await auth.signUp({ email, password: PASSWORD });
    const [mail] = await mailTo(email);
    return new URL(String(mail.data.confirmUrl)).searchParams.get('token')!;
  }

  describe('signUp', () => {
    it('creates the account and queues one confirmation mail with a link for a day', async () => {
      await auth.signUp({ email: 'ada@example.com', password: PASSWORD });

      const user = await userWithEmail('ada@example.com');
      expect(user).toMatchObject({ emailConfirmedAt: null, role: 'user' });
      expect(await hasher.verify(PASSWORD, user!.passwordHash)).toBe(true);
      const mails = await mailTo('ada@example.com');
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({
        template: 'confirm-email',
        userId: user!.id,
        status: 'pending',
        data: { nickname: user!.nickname, expiresInHours: 24 },
      });
      expect(mails[0].data.confirmUrl).toMatch(
        /^https:\/\/id\.example\.com\/confirm-email\?token=[\w-]{43}$/,
      );
      expect(Math.abs(mails[0].expiresAt!.getTime() - (Date.now() + DAY_MS))).toBeLessThan(5000);
    });

    it('answers a taken address like a new one, mailing its owner a notice at most once a minute', async () => {
      await auth.signUp({ email: 'taken@example.com', password: PASSWORD });
      await auth.signUp({ email: 'taken@example.com', password: OTHER_PASSWORD });
      await auth.signUp({ email: 'taken@example.com', password: OTHER_PASSWORD, nickname: 'someone-else' });

      const mails = await mailTo('taken@example.com');
      expect(mails.map((mail) => mail.template)).toEqual(['confirm-email', 'email-already-registered']);
      expect(mails[1]).toMatchObject({
        userId: null,
        data: {
          loginUrl: 'https://id.example.com/login',
          resetUrl: 'https://id.example.com/forgot-password',
        },
      });
      const owner = await userWithEmail('taken@example.com');
      expect(await hasher.verify(PASSWORD, owner!.passwordHash)).toBe(true);
      expect(await db.dataSource.getRepository(User).existsBy({ nickname: 'someone-else' })).toBe(false);
    });

    it('without a password: an account with none, and a "confirm and sign in" link and code for an hour', async () => {
      const codeChallenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
      await auth.signUp({ email: 'nopass@example.com', codeChallenge });
      await auth.signUp({ email: 'nopass@example.com', codeChallenge });

      const user = await userWithEmail('nopass@example.com');
      expect(user).toMatchObject({ passwordHash: null, emailConfirmedAt: null });
      const mails = await mailTo('nopass@example.com');
      expect(mails.map((mail) => mail.template)).toEqual(['passwordless-signup', 'email-already-registered']);
      expect(mails[0].data).toMatchObject({ expiresInMinutes: 60, code: expect.stringMatching(/^\d{6}$/) });
      expect(mails[0].data.signInUrl).toMatch(/^https:\/\/id\.example\.com\/magic-link\?token=[\w-]{43}$/);
      expect(Math.abs(mails[0].expiresAt!.getTime() - (Date.now() + DAY_MS / 24))).toBeLessThan(5000);
      const secrets = await db.dataSource.getRepository(OneTimeToken).findBy({ userId: user!.id });
      expect(secrets.map((secret) => [secret.purpose, secret.payload]).sort()).toEqual([
        ['magic-link', { codeChallenge }],
        ['magic-link-code', { codeChallenge }],
      ]);
    });

    it('writes nothing for a password the policy refuses, whether the address is new or taken', async () => {
      await auth.signUp({ email: 'refused-taken@example.com', password: PASSWORD });

      for (const email of ['refused-new@example.com', 'refused-taken@example.com']) {
        expect(await problemFrom(() => auth.signUp({ email, password: 'too short' }))).toEqual({
          status: 400,
          code: 'VALIDATION_FAILED',
        });
      }

      expect(await userWithEmail('refused-new@example.com')).toBeNull();
      expect(await mailTo('refused-new@example.com')).toHaveLength(0);
      expect((await mailTo('refused-taken@example.com')).map((mail) => mail.template)).toEqual([
        'confirm-email',
      ]);
    });

    it('refuses a chosen nickname someone has, in any letter case, before writing anything', async () => {
      await auth.signUp({ email: 'first-lovelace@example.com', password: PASSWORD, nickname: 'Lovelace' });

      expect(
        await problemFrom(() =>
          auth.signUp({ email: 'second-lovelace@example.com', password: PASSWORD, nickname: 'LOVELACE' }),
        ),
      ).toEqual({ status: 409, code: 'NICKNAME_TAKEN' });
      expect(await userWithEmail('second-lovelace@example.com')).toBeNull();
      expect(await mailTo('second-lovelace@example.com')).toHaveLength(0);
    });
  });

  describe('confirmEmail', () => {
    it('confirms the address once; a user still waits for approval when it is required', async () => {
      const token = await signUpForToken('grace@example.com');

      const profile = await auth.confirmEmail(token);

      expect(profile).toMatchObject({
        email: 'grace@example.com',
        emailConfirmed: true,
        role: 'user',
        approved: false,
      });
      expect((await userWithEmail('grace@example.com'))?.emailConfirmedAt).toBeInstanceOf(Date);
      expect(await problemFrom(() => auth.confirmEmail(token))).toEqual({
        status: 400,
        code: 'INVALID_TOKEN',
      });
    });

    it('never makes an address listed in ADMIN_EMAILS admin; its mail says how to become one', async () => {
      // Whoever signed up chose the password, and may not own the mailbox that confirms.
      const profile = await auth.confirmEmail(await signUpForToken('boss@example.com'));

      expect(profile).toMatchObject({ emailConfirmed: true, role: 'user', approved: false });
      expect(await userWithEmail('boss@example.com')).toMatchObject({ role: 'user', approvedAt: null });
      const [mail] = await mailTo('boss@example.com');
      expect(mail.data.adminSetupUrl).toBe(`${config.publicUrl}/forgot-password`);
      await auth.signUp({ email: 'plain@example.com', password: PASSWORD });
      expect((await mailTo('plain@example.com'))[0].data).not.toHaveProperty('adminSetupUrl');
    });

    it('refuses an unknown token, and the token of an account disabled since, with INVALID_TOKEN', async () => {
      const token = await signUpForToken('disabled-before-confirming@example.com');
      await db.dataSource
        .getRepository(User)
        .update({ email: 'disabled-before-confirming@example.com' }, { disabledAt: new Date() });

      expect(await problemFrom(() => auth.confirmEmail(newSecretToken()))).toEqual({
        status: 400,
        code: 'INVALID_TOKEN',
      });
      expect(await problemFrom(() => auth.confirmEmail(token))).toEqual({
        status: 400,
        code: 'INVALID_TOKEN',
      });
      expect((await userWithEmail('disabled-before-confirming@example.com'))?.emailConfirmedAt).toBeNull();
    });
  });

  describe('previewEmailConfirmation', () => {
    it('names the address and nickname of a sign-up link, and leaves it unused', async () => {
      const token = await signUpForToken('preview-signup@example.com');
      const user = await userWithEmail('preview-signup@example.com');

      expect(await auth.previewEmailConfirmation(token)).toEqual({
        purpose: 'signup',
        email: 'preview-signup@example.com',
        nickname: user!.nickname,
      });
      expect((await userWithEmail('preview-signup@example.com'))?.emailConfirmedAt).toBeNull();
      expect(await auth.confirmEmail(token)).toMatchObject({ emailConfirmed: true });
    });

    it('names the new address of an email change, not the current one', async () => {
      await auth.confirmEmail(await signUpForToken('preview-old@example.com'));
      const user = await userWithEmail('preview-old@example.com');
      await emailChange.request(await signedInAs({ sessions }, user!), {
        newEmail: 'preview-new@example.com',
        currentPassword: PASSWORD,
      });
      const [link] = await mailTo('preview-new@example.com');

      expect(await auth.previewEmailConfirmation(tokenOf(link))).toEqual({
        purpose: 'email-change',
        email: 'preview-new@example.com',
        nickname: user!.nickname,
      });
    });

    it('refuses the link of an account disabled since with INVALID_TOKEN, as confirming would', async () => {
      const token = await signUpForToken('preview-disabled@example.com');
      await db.dataSource
        .getRepository(User)
        .update({ email: 'preview-disabled@example.com' }, { disabledAt: new Date() });

      expect(await problemFrom(() => auth.previewEmailConfirmation(token))).toEqual({
        status: 400,
        code: 'INVALID_TOKEN',
      });
    });
  });

  describe('login, refresh and logout', () => {
    it('signs in with the right password: a session and an access token that names it', async () => {
      await auth.signUp({ email: 'login@example.com', password: PASSWORD });

      const signedIn = sessionOf(await auth.login({ email: 'login@example.com', password: PASSWORD }, {}));

      const user = await userWithEmail('login@example.com');
      expect(signedIn).toMatchObject({
        user: { id: user!.id },
        rememberMe: false,
        expiresIn: config.accessTokenTtl,
      });
      const claims = verify(signedIn.accessToken, config.signingKeys.current.publicKey, {
        algorithms: ['ES256'],
        audience: 'latchkey-api',
        issuer: 'https://id.example.com',
      }) as AccessClaims;
      expect(claims).toMatchObject({ sub: user!.id, sid: signedIn.sessionId, typ: 'access', amr: ['pwd'] });
    });

    it('refreshes with the refresh token until logout ends the session', async () => {
      await auth.signUp({ email: 'logout@example.com', password: PASSWORD });
      const signedIn = sessionOf(
        await auth.login({ email: 'logout@example.com', password: PASSWORD, rememberMe: true }, {}),
      );

      const refreshed = await auth.refresh(signedIn.refreshToken, {});
      expect(refreshed).toMatchObject({ sessionId: signedIn.sessionId, rememberMe: true });

      await auth.logout(signedIn);
      expect(await problemFrom(() => auth.refresh(refreshed.refreshToken, {}))).toEqual({
        status: 401,
        code: 'INVALID_REFRESH_TOKEN',
      });
      expect(await problemFrom(() => auth.refresh(undefined, {}))).toEqual({
        status: 401,
        code: 'INVALID_REFRESH_TOKEN',
      });
    });

    it.each([
      ['a wrong password', 'wrong-password@example.com', OTHER_PASSWORD, { emailConfirmedAt: new Date() }],
      [
        'the right password of a disabled account',
        'disabled@example.com',
        PASSWORD,
        { disabledAt: new Date() },
      ],
      [
        'any password for an account without one',
        'passwordless@example.com',
        PASSWORD,
        { passwordHash: null },
      ],
    ])(
      'refuses to sign in with %s: 401 INVALID_CREDENTIALS, no session',
      async (_, email, password, change) => {
        await auth.signUp({ email, password: PASSWORD });
        await db.dataSource.getRepository(User).update({ email }, change);

        expect(await problemFrom(() => auth.login({ email, password }, {}))).toEqual({
          status: 401,
          code: 'INVALID_CREDENTIALS',
        });
        const user = await userWithEmail(email);
        expect(await db.dataSource.getRepository(Session).countBy({ userId: user!.id })).toBe(0);
      },
    );

    it('refuses an unknown address with 401 INVALID_CREDENTIALS', async () => {
      expect(
        await problemFrom(() => auth.login({ email: 'nobody@example.com', password: PASSWORD }, {})),
      ).toEqual({
        status: 401,
        code: 'INVALID_CREDENTIALS',
      });
    });
  });
});
