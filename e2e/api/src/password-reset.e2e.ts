import {
  ApiInstance,
  expectPasswordNow,
  expectProblem,
  expectSessionEnded,
  expectStatus,
  forgotPassword,
  headerNames,
  LoginBody,
  passphrase,
  passwordChangedNotice,
  postPasswordReset,
  requestPasswordReset,
  resetMail,
  signedInUser,
  signUp,
  stableHeaders,
  uniqueEmail,
  useServers,
} from './support';

/**
 * The clock is moved through the database, the only way a black-box test can (see confirm.e2e.ts): these
 * statements know the tables mail_caps (the 1-per-minute mail slot) and one_time_tokens.
 */
const FORGET_MAIL_CAP = `
  UPDATE mail_caps SET last_sent_at = now() - interval '2 minutes'
  WHERE address = $1 AND purpose = 'reset-password' RETURNING address`;
const EXPIRE_LIVE_SECRETS = `
  UPDATE one_time_tokens SET expires_at = now() - interval '1 second'
  WHERE consumed_at IS NULL AND purpose = $2 AND user_id = (SELECT id FROM users WHERE email = $1)
  RETURNING id`;

const MAX_WRONG_CODES = 5;
/** MAIL_CAP_PER_HOUR's default, which this file's instance keeps. */
const MAILS_PER_HOUR = 5;
/** On PGlite every database edit restarts the API; five of them on a busy machine outlast Jest's minute. */
const FIVE_DATABASE_EDITS_MS = 240_000;

/** Six digits that are not `code`. */
const wrongCode = (code: string, offset = 1) =>
  ((Number(code) + offset) % 1_000_000).toString().padStart(6, '0');

describe('password reset', () => {
  const servers = useServers();
  const app = () => servers.app;
  const sink = () => servers.sink;
  const login = (email: string, password: string) =>
    app().client.post<LoginBody>('/auth/login', { email, password });

  /** Lets the next forgot-password request for `email` mail again, as a minute's wait would. */
  async function forgetMailCap(instance: ApiInstance, email: string): Promise<void> {
    const rows = await instance.editDatabase((sql) => sql(FORGET_MAIL_CAP, [email]));
    expect(rows).toHaveLength(1);
  }

  async function guessWrong(email: string, code: string, times: number): Promise<void> {
    for (let i = 1; i <= times; i++) {
      const response = await postPasswordReset(app(), {
        email,
        code: wrongCode(code, i),
        newPassword: passphrase(),
      });
      expectProblem(response, 400, 'INVALID_TOKEN');
    }
  }

  describe('POST /auth/password/forgot', () => {
    it('answers a known and an unknown address identically; only the known one gets a link and a code', async () => {
      const known = await signUp(app(), sink());
      const unknown = uniqueEmail('unknown');

      const forKnown = await app().client.post('/auth/password/forgot', { email: known.email });
      const forUnknown = await app().client.post('/auth/password/forgot', { email: unknown });

      expectStatus(forKnown, 202);
      expect(forKnown.body).toEqual({ status: 'accepted' });
      expect(forUnknown.status).toBe(202);
      expect(forUnknown.raw.equals(forKnown.raw)).toBe(true);
      expect(headerNames(forUnknown)).toEqual(headerNames(forKnown));
      expect(stableHeaders(forUnknown)).toEqual(stableHeaders(forKnown));

      const { mail, token, code } = await resetMail(app(), sink(), known.email);
      expect(mail.subject).toMatch(/reset/i);
      expect(mail.subject).toContain('Latchkey');
      expect(token).toMatch(/^[\w-]{43}$/);
      expect(code).toMatch(/^[0-9]{6}$/);
      expect(mail.html).toContain(code);
      expect(mail.html).toContain(`${app().publicUrl}/reset-password?token`);
      expect(mail.text).toMatch(/30 minutes/);
      expect(mail.text).toMatch(/10 minutes/);
      await sink().waitForQuiet(500);
      expect(sink().matching({ to: unknown })).toEqual([]);
    });

    it('mails at most once a minute per address; the repeat still answers 202 and the first mail still works', async () => {
      const account = await signUp(app(), sink());
      const first = await forgotPassword(app(), sink(), account.email);

      await requestPasswordReset(app(), account.email);
      await requestPasswordReset(app(), account.email.toUpperCase());

      await sink().waitForQuiet(1_000);
      expect(sink().matching({ to: account.email, subject: /reset/i })).toEqual([first.mail]);
      expectStatus(await postPasswordReset(app(), { token: first.token, newPassword: passphrase() }), 204);
    });

    it(
      `mails at most ${MAILS_PER_HOUR} times an hour per address; the next request answers 202 and changes nothing`,
      async () => {
        const account = await signUp(app(), sink());
        let latest = await forgotPassword(app(), sink(), account.email);
        for (let sent = 1; sent < MAILS_PER_HOUR; sent++) {
          await forgetMailCap(app(), account.email);
          latest = await forgotPassword(app(), sink(), account.email);
        }

        await forgetMailCap(app(), account.email); // a minute later, but within the hour
        const capped = await requestPasswordReset(app(), account.email);

        expect(capped.body).toEqual({ status: 'accepted' });
        // Nothing was replaced: the code of the last mail that went out still works.
        const newPassword = passphrase();
        const reset = await postPasswordReset(app(), {
          email: account.email,
          code: latest.code,
          newPassword,
        });
        expectStatus(reset, 204);
        await expectPasswordNow(app(), account.email, { previous: account.password, current: newPassword });
        // The outbox sends in order, so a reset mail from the capped request would have come before this.
        await passwordChangedNotice(sink(), account.email);
        expect(sink().matching({ to: account.email, subject: /reset/i })).toHaveLength(MAILS_PER_HOUR);
      },
      FIVE_DATABASE_EDITS_MS,
    );

    it.each([
      ['a malformed address', { email: 'not-an-email' }],
      ['no address', {}],
      ['an unknown field', { email: 'ada@example.com', admin: true }],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, body) => {
      expectProblem(await app().client.post('/auth/password/forgot', body), 400, 'VALIDATION_FAILED');
    });
  });

  describe('POST /auth/password/reset', () => {
    it('by link: 204, every session ends, nobody is signed in, the new password works, a notice is mailed', async () => {
      const user = await signedInUser(app(), sink());
      const otherDevice = await login(user.email, user.password);
      const { token, code } = await forgotPassword(app(), sink(), user.email);
      const newPassword = passphrase();

      const response = await postPasswordReset(app(), { token, newPassword });

      expectStatus(response, 204);
      expect(response.text).toBe('');
      expect(response.cookies).toEqual([]);
      await expectSessionEnded(app(), user);
      await expectSessionEnded(app(), otherDevice.body);
      await expectPasswordNow(app(), user.email, { previous: user.password, current: newPassword });
      const notice = await passwordChangedNotice(sink(), user.email);
      expect(notice.text).toContain(`${app().publicUrl}/forgot-password`);
      expect(notice.text).not.toContain(newPassword);

      // The link works once, and the code from the same mail died with it.
      expectProblem(
        await postPasswordReset(app(), { token, newPassword: passphrase() }),
        400,
        'INVALID_TOKEN',
      );
      expectProblem(
        await postPasswordReset(app(), { email: user.email, code, newPassword: passphrase() }),
        400,
        'INVALID_TOKEN',
      );
    });

    it('by link works for an unconfirmed account and confirms its address (the link proves the mailbox)', async () => {
      const account = await signUp(app(), sink());
      const { token } = await forgotPassword(app(), sink(), account.email);
      const newPassword = passphrase();

      expectStatus(await postPasswordReset(app(), { token, newPassword }), 204);

      const signedIn = await login(account.email, newPassword);
      expectStatus(signedIn, 200);
      expect(signedIn.body.user.emailConfirmed).toBe(true);
    });

    it('by email and code: 204 and the new password works; the address stays unconfirmed; the link dies', async () => {
      const account = await signUp(app(), sink());
      const { token, code } = await forgotPassword(app(), sink(), account.email);
      const newPassword = passphrase();

      const response = await postPasswordReset(app(), {
        email: account.email.toUpperCase(),
        code,
        newPassword,
      });

      expectStatus(response, 204);
      const signedIn = await login(account.email, newPassword);
      expectStatus(signedIn, 200);
      expect(signedIn.body.user.emailConfirmed).toBe(false);
      await passwordChangedNotice(sink(), account.email);
      expectProblem(
        await postPasswordReset(app(), { token, newPassword: passphrase() }),
        400,
        'INVALID_TOKEN',
      );
    });

    it(`kills a code after ${MAX_WRONG_CODES} wrong tries; the link from the same mail still works`, async () => {
      const account = await signUp(app(), sink());
      const { token, code } = await forgotPassword(app(), sink(), account.email);

      await guessWrong(account.email, code!, MAX_WRONG_CODES);

      const right = await postPasswordReset(app(), { email: account.email, code, newPassword: passphrase() });
      expectProblem(right, 400, 'INVALID_TOKEN');
      expectStatus(await postPasswordReset(app(), { token, newPassword: passphrase() }), 204);
    });

    it('a new request replaces link and code but keeps counting wrong tries across them', async () => {
      const account = await signUp(app(), sink());
      const first = await forgotPassword(app(), sink(), account.email);
      await guessWrong(account.email, first.code!, 3);

      await forgetMailCap(app(), account.email);
      const second = await forgotPassword(app(), sink(), account.email);

      expectProblem(
        await postPasswordReset(app(), { token: first.token, newPassword: passphrase() }),
        400,
        'INVALID_TOKEN',
      );
      expectProblem(
        await postPasswordReset(app(), { email: account.email, code: first.code, newPassword: passphrase() }),
        400,
        'INVALID_TOKEN',
      );
      // The new code inherited 3 wrong tries and the old code just sent was a 4th: one more kills it.
      await guessWrong(account.email, second.code!, 1);
      expectProblem(
        await postPasswordReset(app(), {
          email: account.email,
          code: second.code,
          newPassword: passphrase(),
        }),
        400,
        'INVALID_TOKEN',
      );
      expectStatus(await postPasswordReset(app(), { token: second.token, newPassword: passphrase() }), 204);
    });

    it('mails no code, only the link, while wrong tries used up the code budget', async () => {
      const account = await signUp(app(), sink());
      const first = await forgotPassword(app(), sink(), account.email);
      await guessWrong(account.email, first.code!, MAX_WRONG_CODES);

      await forgetMailCap(app(), account.email);
      const second = await forgotPassword(app(), sink(), account.email);

      expect(second.code).toBeUndefined();
      expect(second.mail.text).toMatch(/too many wrong attempts/i);
      expectStatus(await postPasswordReset(app(), { token: second.token, newPassword: passphrase() }), 204);
    });

    it('refuses an expired link and an expired code with 400 INVALID_TOKEN', async () => {
      const [byLink, byCode] = await Promise.all([signUp(app(), sink()), signUp(app(), sink())]);
      const linkMail = await forgotPassword(app(), sink(), byLink.email);
      const codeMail = await forgotPassword(app(), sink(), byCode.email);

      await app().editDatabase(async (sql) => {
        expect(await sql(EXPIRE_LIVE_SECRETS, [byLink.email, 'reset-password'])).toHaveLength(1);
        expect(await sql(EXPIRE_LIVE_SECRETS, [byCode.email, 'reset-password-code'])).toHaveLength(1);
      });

      expectProblem(
        await postPasswordReset(app(), { token: linkMail.token, newPassword: passphrase() }),
        400,
        'INVALID_TOKEN',
      );
      expectProblem(
        await postPasswordReset(app(), {
          email: byCode.email,
          code: codeMail.code,
          newPassword: passphrase(),
        }),
        400,
        'INVALID_TOKEN',
      );
      // Only what was aged expired: the other half of each mail still works.
      expectStatus(
        await postPasswordReset(app(), {
          email: byLink.email,
          code: linkMail.code,
          newPassword: passphrase(),
        }),
        204,
      );
      expectStatus(await postPasswordReset(app(), { token: codeMail.token, newPassword: passphrase() }), 204);
    });

    it.each([
      ['a random token', { token: 'A'.repeat(43) }],
      ['a token with SQL in it', { token: "' OR 1=1 --" }],
      ['an unknown address with a code', { email: 'nobody.at.all@example.com', code: '123456' }],
    ])('refuses %s with 400 INVALID_TOKEN', async (_label, proof) => {
      expectProblem(
        await postPasswordReset(app(), { ...proof, newPassword: passphrase() }),
        400,
        'INVALID_TOKEN',
      );
    });

    it('refuses a password the policy refuses (field newPassword) and leaves the link working', async () => {
      const account = await signUp(app(), sink());
      const { token } = await forgotPassword(app(), sink(), account.email);

      for (const newPassword of ['too short', 'passwordpassword', `${account.email} forever`]) {
        const response = await postPasswordReset(app(), { token, newPassword });
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors).toEqual([expect.objectContaining({ field: 'newPassword' })]);
      }

      expectStatus(await login(account.email, account.password), 200);
      expectStatus(await postPasswordReset(app(), { token, newPassword: passphrase() }), 204);
    });

    it.each([
      [
        'both a token and a code',
        { token: 'A'.repeat(43), email: 'ada@example.com', code: '123456' },
        'token',
      ],
      ['neither a token nor a code', {}, 'token'],
      ['an email without its code', { email: 'ada@example.com' }, 'code'],
      ['a code that is not 6 digits', { email: 'ada@example.com', code: '12345' }, 'code'],
      ['an unknown field', { token: 'A'.repeat(43), keepSessions: true }, 'keepSessions'],
    ])('refuses %s with 400 VALIDATION_FAILED', async (_label, proof, field) => {
      const response = await postPasswordReset(app(), { ...proof, newPassword: passphrase() });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(response.body.errors).toContainEqual(expect.objectContaining({ field }));
    });

    it('lets exactly one of 10 parallel resets with one link through', async () => {
      const account = await signUp(app(), sink());
      const { token } = await forgotPassword(app(), sink(), account.email);
      const passwords = Array.from({ length: 10 }, () => passphrase());

      const responses = await Promise.all(
        passwords.map((newPassword) => postPasswordReset(app(), { token, newPassword })),
      );

      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 204)).toHaveLength(1);
      for (const response of responses.filter((candidate) => candidate.status !== 204)) {
        expectProblem(response, 400, 'INVALID_TOKEN');
      }
      const winner = passwords[statuses.indexOf(204)];
      expectStatus(await login(account.email, winner), 200);
      await passwordChangedNotice(sink(), account.email);
      await sink().waitForQuiet(500);
      expect(sink().matching({ to: account.email, subject: /password was changed/i })).toHaveLength(1);
    });
  });
});
