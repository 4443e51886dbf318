import {
  accountCount,
  alreadyRegisteredNotice,
  confirmationMail,
  confirmFromMail,
  expectProblem,
  expectStatus,
  headerNames,
  isConfirmationMail,
  newPkce,
  passphrase,
  requestSignUp,
  signUp,
  stableHeaders,
  uniqueEmail,
  uniqueNickname,
  useServers,
  waitFor,
} from './support';

describe('POST /auth/signup', () => {
  const servers = useServers();
  const app = () => servers.app;

  it('answers a new and a taken address identically, and mails each what fits', async () => {
    const taken = await signUp(app(), servers.sink);
    const fresh = uniqueEmail('fresh');

    const forFresh = await app().client.post('/auth/signup', { email: fresh, password: passphrase() });
    const forTaken = await app().client.post('/auth/signup', { email: taken.email, password: passphrase() });

    expectStatus(forFresh, 202);
    expect(forFresh.body).toEqual({ status: 'accepted' });
    expect(forTaken.status).toBe(forFresh.status);
    expect(forTaken.raw.equals(forFresh.raw)).toBe(true);
    expect(headerNames(forTaken)).toEqual(headerNames(forFresh));
    expect(stableHeaders(forTaken)).toEqual(stableHeaders(forFresh));
    expect(forFresh.headers.get('cache-control')).toMatch(/no-store/);

    const confirmation = await confirmationMail(app(), servers.sink, fresh);
    const notice = await alreadyRegisteredNotice(app(), servers.sink, taken.email);
    expect(confirmation.to).toEqual([fresh]);
    expect(notice.subject).not.toBe(confirmation.subject);
    expect(notice.text).not.toMatch(/token=/);
    expect(notice.text).toContain(app().publicUrl);
  });

  it('treats the address case-insensitively: a taken address in capitals gets the notice', async () => {
    const taken = await signUp(app(), servers.sink);
    await requestSignUp(app(), { email: taken.email.toUpperCase() });
    const notice = await alreadyRegisteredNotice(app(), servers.sink, taken.email);
    expect(isConfirmationMail(app(), notice)).toBe(false);
  });

  describe('refuses invalid bodies with 400 VALIDATION_FAILED and writes nothing', () => {
    const longUtf8 = 'ü'.repeat(37); // 37 code points (over the minimum), 74 UTF-8 bytes (over bcrypt's 72)
    const cases: [string, (email: string) => Record<string, unknown>, string[]][] = [
      ['a malformed email', () => ({ email: 'not-an-email', password: passphrase() }), ['email']],
      ['a password under 15 characters', (email) => ({ email, password: 'short pass 12' }), ['password']],
      ['a common password', (email) => ({ email, password: 'passwordpassword' }), ['password']],
      [
        'a password containing the email',
        (email) => ({ email, password: `${email} is my password` }),
        ['password'],
      ],
      ['an unknown field', (email) => ({ email, password: passphrase(), role: 'admin' }), ['role']],
      ['missing fields', () => ({}), ['email', 'password']],
      [
        'both a password and a code challenge',
        (email) => ({ email, password: passphrase(), codeChallenge: newPkce().codeChallenge }),
        ['password'],
      ],
      [
        'a malformed code challenge',
        (email) => ({ email, codeChallenge: 'plain-verifier' }),
        ['codeChallenge'],
      ],
      ['a null code challenge', (email) => ({ email, codeChallenge: null }), ['codeChallenge']],
      ['wrong types', (email) => ({ email, password: 1234567890123456 }), ['password']],
      [
        'a NUL in the password',
        (email) => ({ email, password: `lantern\u0000quietly ${passphrase()}` }),
        ['password'],
      ],
      ['a password over 72 UTF-8 bytes', (email) => ({ email, password: longUtf8 }), ['password']],
      [
        'a nickname of the wrong type',
        (email) => ({ email, password: passphrase(), nickname: ['x'] }),
        ['nickname'],
      ],
    ];

    it.each(cases)('%s', async (_label, makeBody, fields) => {
      const email = uniqueEmail('invalid');
      const response = await app().client.post('/auth/signup', makeBody(email));

      expectProblem(response, 400, 'VALIDATION_FAILED');
      const errors = response.body.errors ?? [];
      for (const field of fields) {
        expect(errors).toContainEqual({
          field,
          code: expect.stringMatching(/^[A-Z0-9_]+$/),
          message: expect.any(String),
        });
      }

      // Nothing was written: the address is still free, so a valid sign-up gets the confirmation mail.
      await requestSignUp(app(), { email });
      const mail = await confirmationMail(app(), servers.sink, email);
      expect(isConfirmationMail(app(), mail)).toBe(true);
      expect(servers.sink.matching({ to: email })).toHaveLength(1);
    });

    it('names the missing choice PASSWORD_OR_CODE_CHALLENGE when neither or both are sent', async () => {
      for (const body of [
        { email: uniqueEmail() },
        { email: uniqueEmail(), password: passphrase(), codeChallenge: newPkce().codeChallenge },
      ]) {
        const response = await app().client.post('/auth/signup', body);
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(response.body.errors).toContainEqual({
          field: 'password',
          code: 'PASSWORD_OR_CODE_CHALLENGE',
          message: expect.any(String),
        });
      }
    });

    it('says why a password over 72 bytes is refused instead of truncating it', async () => {
      const response = await app().client.post('/auth/signup', { email: uniqueEmail(), password: longUtf8 });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      const message = response.body.errors?.find((error) => error.field === 'password')?.message ?? '';
      expect(message).toMatch(/72|bytes|too long/i);
    });
  });

  it('refuses a taken nickname (any case) with 409 NICKNAME_TAKEN and writes nothing', async () => {
    const nickname = uniqueNickname();
    await signUp(app(), servers.sink, { nickname });
    const email = uniqueEmail('second');

    const same = await app().client.post('/auth/signup', { email, password: passphrase(), nickname });
    const otherCase = await app().client.post('/auth/signup', {
      email,
      password: passphrase(),
      nickname: nickname.toUpperCase(),
    });

    expectProblem(same, 409, 'NICKNAME_TAKEN');
    expectProblem(otherCase, 409, 'NICKNAME_TAKEN');
    await requestSignUp(app(), { email });
    await confirmationMail(app(), servers.sink, email);
  });

  it('survives 20 parallel sign-ups of one address in mixed case: all 202, one account, one confirmation mail', async () => {
    const email = uniqueEmail('race');
    const spellings = Array.from({ length: 20 }, (_, index) =>
      index % 2 ? email.toUpperCase() : mixCase(email, index),
    );

    const responses = await Promise.all(
      spellings.map((spelling) =>
        app().client.post('/auth/signup', { email: spelling, password: passphrase() }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(202));
    const confirmation = await confirmationMail(app(), servers.sink, email);
    await servers.sink.waitForQuiet(1_000);
    const mails = servers.sink.matching({ to: email });
    expect(mails.filter((mail) => isConfirmationMail(app(), mail))).toHaveLength(1);
    expect(mails.length).toBeLessThanOrEqual(2); // at most one "already registered" notice (1 per minute per purpose)

    const user = await confirmFromMail(app(), confirmation);
    expect(user.email).toBe(email.toLowerCase());
    expect(await accountCount(app(), email)).toBe(1);
  });

  it('accepts sign-ups while SMTP is down and delivers the mail, once, when it is back', async () => {
    const { sink } = servers;
    const email = uniqueEmail('outage');
    await sink.startOutage();
    try {
      const startedAt = Date.now();
      await requestSignUp(app(), { email });
      expect(Date.now() - startedAt).toBeLessThan(2_000);
      await waitFor(
        'the API to try the SMTP server during the outage',
        () => sink.refusedConnections > 0 || undefined,
      );
    } finally {
      await sink.endOutage();
    }

    const mail = await confirmationMail(app(), sink, email, 20_000);
    await sink.waitForQuiet(1_000);
    expect(sink.matching({ to: email })).toEqual([mail]);
    await confirmFromMail(app(), mail);
  });
});

function mixCase(text: string, seed: number): string {
  return [...text].map((char, index) => ((index + seed) % 3 === 0 ? char.toUpperCase() : char)).join('');
}
