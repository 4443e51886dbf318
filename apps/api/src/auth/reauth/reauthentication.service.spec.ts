import { toProblem } from '../../common/problem/to-problem';
import {
  AccountServices,
  insertAccount,
  outboxFor,
  signedInAs,
  TEST_PASSWORD,
  useAccountServices,
} from '../../testing/account-services';
import { User } from '../../users/user.entity';
import type { PasskeyAssertionDto } from '../passkeys/dto/passkey.dto';
import type { PasskeySignInService } from '../passkeys/passkey-sign-in.service';
import type { AuthMethod } from '../sessions/auth-methods';
import { Session } from '../sessions/session.entity';
import type { AuthenticatedSession } from '../sessions/sessions.service';
import { OneTimeCodesService } from '../tokens/one-time-codes.service';
import { OneTimeToken } from '../tokens/one-time-token.entity';
import { ReauthenticateDto } from './reauthenticate.dto';
import { REAUTH_CODE_TTL_SECONDS, ReauthenticationService } from './reauthentication.service';

describe('ReauthenticationService', () => {
  const spec = useAccountServices();
  let reauth: ReauthenticationService;
  let services: AccountServices;
  /** The passkey check is PasskeySignInService's (e2e/api passkey tests); here only its verdict matters. */
  const verifyAssertionOf = jest.fn<Promise<AuthMethod[] | undefined>, [User, PasskeyAssertionDto]>();

  beforeAll(() => {
    services = spec.services;
    const { dataSource } = spec.db;
    const codes = new OneTimeCodesService(dataSource, services.tokens, services.config);
    reauth = new ReauthenticationService(
      dataSource,
      services.config,
      services.reauthMethods,
      services.sessions,
      services.currentPasswordCheck,
      codes,
      services.tokens,
      services.outbox,
      { verifyAssertionOf } as unknown as PasskeySignInService,
      services.mfa,
    );
  });

  /** A session of a new account that signed in an hour ago: no longer recent. */
  async function olderSession(fields: Partial<User> = {}): Promise<AuthenticatedSession> {
    const session = await signedInAs(services, await insertAccount(services, spec.userRows, fields));
    await spec.db.dataSource.query(
      `UPDATE sessions SET authenticated_at = now() - interval '1 hour' WHERE id = $1`,
      [session.sessionId],
    );
    return { ...session, recentlyAuthenticated: false };
  }

  const passwordless = () => olderSession({ passwordHash: null });
  const isRecent = async ({ sessionId }: AuthenticatedSession) =>
    (await services.sessions.findActive(sessionId))?.recentlyAuthenticated;

  /** The problem body the client would get for the promise's rejection. */
  async function problemOf(promise: Promise<unknown>) {
    const error: unknown = await promise.then(
      () => new Error('expected a refusal'),
      (refusal: unknown) => refusal,
    );
    return toProblem(error).body;
  }

  /** Mails a code to the session's account and reads it from the queued mail. */
  async function mailedCode(session: AuthenticatedSession): Promise<string> {
    await reauth.mailCode(session);
    const mails = (await outboxFor(spec.db.dataSource, session.user.email)).filter(
      (mail) => mail.template === 'reauth-code',
    );
    return String(mails.at(-1)?.data.code);
  }

  const send = (session: AuthenticatedSession, body: ReauthenticateDto) =>
    reauth.reauthenticate(session, body);

  it('makes the session recent with the right password', async () => {
    const session = await olderSession();

    await send(session, { password: TEST_PASSWORD });

    expect(await isRecent(session)).toBe(true);
  });

  it('answers a wrong password naming the password field, counting it toward the lockout', async () => {
    const session = await olderSession();

    const problem = await problemOf(send(session, { password: 'not the password at all' }));

    expect(problem).toMatchObject({ status: 400, code: 'INVALID_CURRENT_PASSWORD' });
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    expect(await isRecent(session)).toBe(false);
    const stored = await spec.userRows.findOneByOrFail({ id: session.user.id });
    expect(stored.failedLoginCount).toBe(1);
  });

  it('mails a 6-digit code to an account without a password, stored only as an HMAC, valid 10 minutes', async () => {
    const session = await passwordless();

    const code = await mailedCode(session);

    expect(code).toMatch(/^[0-9]{6}$/);
    const [row] = await spec.db.dataSource
      .getRepository(OneTimeToken)
      .findBy({ userId: session.user.id, purpose: 'reauth-email-code' });
    expect(row.tokenHash).not.toContain(code);
    const lifetime = (row.expiresAt.getTime() - row.createdAt.getTime()) / 1000;
    expect(Math.abs(lifetime - REAUTH_CODE_TTL_SECONDS)).toBeLessThan(5);
  });

  it('makes the session recent with the mailed code, once, adding email to its methods', async () => {
    const session = await passwordless();
    const code = await mailedCode(session);

    await send(session, { emailCode: code });
    expect(await isRecent(session)).toBe(true);
    const stored = await spec.db.dataSource.getRepository(Session).findOneByOrFail({ id: session.sessionId });
    expect([...stored.amr].sort()).toEqual(['email', 'pwd']);

    const replay = await problemOf(send(session, { emailCode: code }));
    expect(replay).toMatchObject({ status: 400, code: 'INVALID_REAUTH_CODE' });
    expect(replay.errors).toEqual([expect.objectContaining({ field: 'emailCode' })]);
  });

  it('kills the code at the fifth wrong try', async () => {
    const session = await passwordless();
    const code = await mailedCode(session);
    const wrong = code === '000000' ? '111111' : '000000';

    for (let i = 0; i < 5; i++) {
      expect(await problemOf(send(session, { emailCode: wrong }))).toMatchObject({
        code: 'INVALID_REAUTH_CODE',
      });
    }

    expect(await problemOf(send(session, { emailCode: code }))).toMatchObject({
      code: 'INVALID_REAUTH_CODE',
    });
    expect(await isRecent(session)).toBe(false);
  });

  it('sends one mail a minute; within it the first code keeps working', async () => {
    const session = await passwordless();
    const code = await mailedCode(session);

    await reauth.mailCode(session);

    const mails = await outboxFor(spec.db.dataSource, session.user.email);
    expect(mails.filter((mail) => mail.template === 'reauth-code')).toHaveLength(1);
    await send(session, { emailCode: code });
    expect(await isRecent(session)).toBe(true);
  });

  it.each([
    [
      'a password from an account without one',
      { passwordHash: null },
      { password: TEST_PASSWORD },
      'email_code',
    ],
    ['a mailed code from an account with a password', {}, { emailCode: '123456' }, 'password'],
  ])(
    'refuses %s with 403 REAUTH_METHOD_UNAVAILABLE, naming what works',
    async (_label, fields, body, method) => {
      const session = await olderSession(fields);

      const problem = await problemOf(send(session, body));

      expect(problem).toMatchObject({ status: 403, code: 'REAUTH_METHOD_UNAVAILABLE', methods: [method] });
      expect(await isRecent(session)).toBe(false);
    },
  );

  describe('with a passkey', () => {
    const assertion = {
      challengeId: '0b6c3f1e-2d4a-4c8e-9f1a-7e5d3c2b1a09',
      response: {},
    } as PasskeyAssertionDto;
    const withPasskey = () => olderSession({ passkeyCount: 1 });

    it('makes the session recent with an answer the passkey check accepts, adding its amr', async () => {
      const session = await withPasskey();
      verifyAssertionOf.mockResolvedValueOnce(['hwk', 'mfa']);

      await send(session, assertion);

      expect(verifyAssertionOf).toHaveBeenLastCalledWith(
        expect.objectContaining({ id: session.user.id }),
        assertion,
      );
      const stored = await spec.db.dataSource
        .getRepository(Session)
        .findOneByOrFail({ id: session.sessionId });
      expect([...stored.amr].sort()).toEqual(['hwk', 'mfa', 'pwd']);
    });

    it('answers an answer it refuses with 400 INVALID_PASSKEY_ASSERTION naming `response`', async () => {
      const session = await withPasskey();
      verifyAssertionOf.mockResolvedValueOnce(undefined);

      const problem = await problemOf(send(session, assertion));

      expect(problem).toMatchObject({ status: 400, code: 'INVALID_PASSKEY_ASSERTION' });
      expect(problem.errors).toEqual([expect.objectContaining({ field: 'response' })]);
      expect(await isRecent(session)).toBe(false);
    });

    it('refuses a passkey answer from an account without a passkey before checking it', async () => {
      const session = await olderSession();
      verifyAssertionOf.mockClear();

      const problem = await problemOf(send(session, assertion));

      expect(problem).toMatchObject({
        status: 403,
        code: 'REAUTH_METHOD_UNAVAILABLE',
        methods: ['password'],
      });
      expect(verifyAssertionOf).not.toHaveBeenCalled();
    });
  });

  it('mails no code to an account with a password', async () => {
    const session = await olderSession();

    const problem = await problemOf(reauth.mailCode(session));

    expect(problem).toMatchObject({ status: 403, code: 'REAUTH_METHOD_UNAVAILABLE', methods: ['password'] });
    expect(await outboxFor(spec.db.dataSource, session.user.email)).toHaveLength(0);
  });
});

describe('SensitiveChangeCheck', () => {
  const spec = useAccountServices();
  const sessionOf = async (recentlyAuthenticated: boolean, fields: Partial<User> = {}) => ({
    ...(await signedInAs(spec.services, await insertAccount(spec.services, spec.userRows, fields))),
    recentlyAuthenticated,
  });
  const check = (session: AuthenticatedSession, currentPassword?: string) =>
    spec.services.sensitiveChangeCheck.assert(session, currentPassword);

  it('lets a recent session through without the current password', async () => {
    await expect(check(await sessionOf(true))).resolves.toBeUndefined();
  });

  it('refuses an older session without it with 403 REAUTHENTICATION_REQUIRED and the methods', async () => {
    const error = await check(await sessionOf(false, { passwordHash: null })).catch(
      (thrown: unknown) => thrown,
    );

    expect(toProblem(error).body).toMatchObject({
      status: 403,
      code: 'REAUTHENTICATION_REQUIRED',
      methods: ['email_code'],
    });
  });

  it('takes the right current password from an older session, and checks a given one even in a recent session', async () => {
    await expect(check(await sessionOf(false), TEST_PASSWORD)).resolves.toBeUndefined();
    await expect(check(await sessionOf(true), 'not the password at all')).rejects.toMatchObject({
      code: 'INVALID_CURRENT_PASSWORD',
    });
  });
});
