import {
  alreadyRegisteredNotice,
  askForMagicLink,
  decodeJwt,
  expectMagicLinkDead,
  expectProblem,
  expectStatus,
  expireMagicLinks,
  extractCode,
  headerNames,
  isConfirmationMail,
  LINK_PATHS,
  newPkce,
  passphrase,
  signUp,
  signUpWithoutPassword,
  stableHeaders,
  uniqueEmail,
  uniqueNickname,
  useServers,
  verifyMagicLink,
} from './support';

describe('sign-up without a password', () => {
  const servers = useServers();
  const app = () => servers.app;
  const sink = () => servers.sink;

  it('answers like a sign-up with a password, and mails a "confirm and sign in" link and code for an hour', async () => {
    const nickname = uniqueNickname();
    const withPassword = await app().client.post('/auth/signup', {
      email: uniqueEmail(),
      password: passphrase(),
    });

    const { response, mail, token, code } = await signUpWithoutPassword(app(), sink(), { nickname });

    expectStatus(response, 202);
    expect(response.raw.equals(withPassword.raw)).toBe(true);
    expect(stableHeaders(response)).toEqual(stableHeaders(withPassword));
    expect(mail.subject).toMatch(/confirm your email address and sign in/i);
    expect(mail.text).toContain(nickname);
    expect(mail.text).toMatch(/60 minutes/);
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(isConfirmationMail(app(), mail)).toBe(false);
  });

  it('by link: signs in, confirms the address, and the account has no password', async () => {
    const { email, token, pkce } = await signUpWithoutPassword(app(), sink());

    const response = await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier });

    expectStatus(response, 200);
    expect(response.body.user).toMatchObject({ email, emailConfirmed: true, hasPassword: false });
    expect(decodeJwt(response.body.accessToken).payload).toMatchObject({ amr: ['email'] });
    const me = await app().client.get('/users/me', { token: response.body.accessToken });
    expectStatus(me, 200);
    expect(me.body).toMatchObject({ emailConfirmed: true, hasPassword: false });
    // The product is open: the account is confirmed.
    expectStatus(await app().client.get('/images', { token: response.body.accessToken }), 200);
    expectProblem(
      await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier }),
      400,
      'INVALID_TOKEN',
    );
  });

  it('sets a first password right after the link sign-in, without a current one; then password login works', async () => {
    const { email, token, pkce } = await signUpWithoutPassword(app(), sink());
    const signedIn = await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier });
    const newPassword = passphrase();

    const set = await app().client.put(
      '/users/me/password',
      { newPassword },
      { token: signedIn.body.accessToken },
    );

    expect(set.status).toBeLessThan(300);
    const me = await app().client.get('/users/me', { token: signedIn.body.accessToken });
    expect(me.body).toMatchObject({ hasPassword: true });
    expectStatus(await app().client.post('/auth/login', { email, password: newPassword }), 200);
  });

  it('by email and code on the device that signed up: signs in and confirms', async () => {
    const { email, code, pkce } = await signUpWithoutPassword(app(), sink());

    const response = await verifyMagicLink(app(), { email, code, codeVerifier: pkce.codeVerifier });

    expectStatus(response, 200);
    expect(response.body.user).toMatchObject({ emailConfirmed: true, hasPassword: false });
  });

  it('refuses the link without the verifier of the browser that signed up', async () => {
    const { token, pkce } = await signUpWithoutPassword(app(), sink());

    const elsewhere = await verifyMagicLink(app(), { token, codeVerifier: newPkce().codeVerifier });

    expectProblem(elsewhere, 400, 'INVALID_TOKEN');
    expectStatus(await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier }), 200);
  });

  it('refuses every password at login with the usual 401, before and after the first sign-in', async () => {
    const { email, token, pkce } = await signUpWithoutPassword(app(), sink());
    const login = (password: string) => app().client.post('/auth/login', { email, password });

    expectProblem(await login(passphrase()), 401, 'INVALID_CREDENTIALS');
    expectStatus(await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier }), 200);
    for (const password of [passphrase(), 'x', ' '.repeat(16)]) {
      expectProblem(await login(password), 401, 'INVALID_CREDENTIALS');
    }
    // NUL characters never reach the password check at all.
    expectProblem(await login('\u0000'.repeat(16)), 400, 'VALIDATION_FAILED');
  });

  it('signs in later by a magic link, which replaces the sign-up link', async () => {
    const first = await signUpWithoutPassword(app(), sink());
    const later = await askForMagicLink(app(), sink(), first.email);

    expectProblem(
      await verifyMagicLink(app(), { token: first.token, codeVerifier: first.pkce.codeVerifier }),
      400,
      'INVALID_TOKEN',
    );
    const response = await verifyMagicLink(app(), {
      token: later.token,
      codeVerifier: later.pkce.codeVerifier,
    });
    expectStatus(response, 200);
    expect(response.body.user).toMatchObject({ emailConfirmed: true, hasPassword: false });
  });

  it('gives a taken address the "already registered" notice and no sign-in link', async () => {
    const taken = await signUp(app(), sink());

    const response = await app().client.post('/auth/signup', {
      email: taken.email,
      codeChallenge: newPkce().codeChallenge,
    });

    expectStatus(response, 202);
    const notice = await alreadyRegisteredNotice(app(), sink(), taken.email);
    expect(notice.text).not.toContain(`/${LINK_PATHS.magicLink}?`);
    expect(notice.text).not.toMatch(/token=/);
    expect(extractCode(notice)).toBeUndefined();
    expect(headerNames(response)).toContain('cache-control');
  });

  it('refuses the link and code once they expired', async () => {
    const { email, token, code, pkce } = await signUpWithoutPassword(app(), sink());
    expect(await expireMagicLinks(app(), email)).toHaveLength(2);

    await expectMagicLinkDead(app(), email, { token, code, pkce });
  });
});
