import {
  alreadyRegisteredNotice,
  askForMagicLink,
  confirmFromMail,
  expectProblem,
  expectStatus,
  loginAs,
  magicLinkMail,
  newPkce,
  passphrase,
  signedInUser,
  uniqueEmail,
  useServers,
  UserProfile,
} from './support';

const GERMAN = 'de-AT,de;q=0.9,en;q=0.8';
const FRENCH_THEN_ENGLISH = 'fr-FR,fr;q=0.9,en;q=0.5,de;q=0';

/** The account's language: from Accept-Language at sign-up, changeable, and the language of its mail (§12). */
describe('account locale and mail language', () => {
  const servers = useServers();
  const app = () => servers.app;
  const sink = () => servers.sink;

  async function signUpIn(acceptLanguage: string | undefined, email = uniqueEmail('locale')) {
    const password = passphrase();
    const response = await app().client.post(
      '/auth/signup',
      { email, password },
      { headers: acceptLanguage === undefined ? {} : { 'accept-language': acceptLanguage } },
    );
    expectStatus(response, 202);
    const mail = await sink().waitForMail({ to: email, containing: `${app().publicUrl}/confirm-email?` });
    return { email, password, mail };
  }

  async function profileOf(token: string): Promise<UserProfile> {
    const me = await app().client.get<UserProfile>('/users/me', { token });
    expectStatus(me, 200);
    return me.body;
  }

  it('signs up a German browser in German: confirmation mail, profile and magic link', async () => {
    const account = await signUpIn(GERMAN);
    expect(account.mail.subject).toMatch(/^Bestätigen Sie Ihre E-Mail-Adresse für /);
    expect(account.mail.text).toMatch(/^Hallo /);
    expect(account.mail.html).toContain('<html lang="de">');
    expect(account.mail.html).toContain('E-Mail-Adresse bestätigen');
    expect(await confirmFromMail(app(), account.mail)).toEqual(expect.objectContaining({ locale: 'de' }));

    const { mail } = await askForMagicLink(app(), sink(), account.email);
    expect(mail.subject).toMatch(/^Ihr Anmeldelink für /);
    expect(mail.text).toContain('Link und Code funktionieren einmal');
    expect(mail.html).toContain('Hallo ');
    expect(mail.text).not.toMatch(/\bHi\b/);
  });

  it.each([
    ['a browser preferring French, then English', FRENCH_THEN_ENGLISH],
    ['no Accept-Language at all', undefined],
    ['a malformed header', ';;;q=,de;q=7'],
  ])('signs up %s in English', async (_label, header) => {
    const account = await signUpIn(header);
    expect(account.mail.subject).toMatch(/^Confirm your email address for /);
    expect(account.mail.text).toMatch(/^Hi /);
    await confirmFromMail(app(), account.mail);
    const { accessToken } = await loginAs(app(), account);
    expect((await profileOf(accessToken)).locale).toBe('en');

    const { mail } = await askForMagicLink(app(), sink(), account.email);
    expect(mail.subject).toMatch(/sign-in link$/);
    expect(mail.text).toContain('The link and the code work once');
  });

  it('sends the passwordless sign-up mail in the language of the sign-up', async () => {
    const email = uniqueEmail('locale-passwordless');
    const response = await app().client.post(
      '/auth/signup',
      { email, codeChallenge: newPkce().codeChallenge },
      { headers: { 'accept-language': 'de' } },
    );
    expectStatus(response, 202);
    const { mail } = await magicLinkMail(app(), sink(), email);
    expect(mail.subject).toMatch(/^Bestätigen Sie Ihre E-Mail-Adresse und melden Sie sich bei .* an$/);
    expect(mail.text).toContain('Willkommen bei');
  });

  it('tells the owner of a taken address in the owner’s language, not the asker’s', async () => {
    const owner = await signUpIn(GERMAN);
    const seen = sink().matching({ to: owner.email });
    const again = await app().client.post(
      '/auth/signup',
      { email: owner.email, password: passphrase() },
      { headers: { 'accept-language': 'en' } },
    );
    expectStatus(again, 202);
    const notice = await alreadyRegisteredNotice(app(), sink(), owner.email);
    expect(seen).not.toContain(notice);
    expect(notice.subject).toMatch(/^Jemand wollte sich mit Ihrer Adresse bei .* registrieren$/);
  });

  it('writes to a German account’s new address, and its farewell, in German', async () => {
    const account = await signUpIn(GERMAN);
    await confirmFromMail(app(), account.mail);
    const { accessToken } = await loginAs(app(), account);
    const newEmail = uniqueEmail('locale-new');
    const change = await app().client.post(
      '/users/me/email',
      { newEmail, currentPassword: account.password },
      { token: accessToken },
    );
    expectStatus(change, 202);
    // The new address has no account yet: the account that asked decides.
    const toNew = await sink().waitForMail({ to: newEmail });
    expect(toNew.subject).toMatch(/^Bestätigen Sie Ihre neue E-Mail-Adresse für /);

    const deleted = await app().client.delete(
      '/users/me',
      { currentPassword: account.password },
      { token: accessToken },
    );
    expectStatus(deleted, 204);
    // The account is gone when the farewell is queued: its language was taken along.
    const farewell = await sink().waitForMail({ to: account.email, subject: /gelöscht/ });
    expect(farewell.subject).toMatch(/^Ihr .*-Konto wurde gelöscht$/);
  });

  describe('PATCH /users/me { locale }', () => {
    it('changes the language of the profile and of the mail from then on', async () => {
      const user = await signedInUser(app(), sink());
      expect(user.user).toEqual(expect.objectContaining({ locale: 'en' }));
      const changed = await app().client.patch<UserProfile>(
        '/users/me',
        { locale: 'de' },
        { token: user.accessToken },
      );
      expectStatus(changed, 200);
      expect(changed.body.locale).toBe('de');
      expect(changed.body.nickname).toBe(user.user.nickname);
      expect((await profileOf(user.accessToken)).locale).toBe('de');
      expect((await askForMagicLink(app(), sink(), user.email)).mail.subject).toMatch(/^Ihr Anmeldelink/);

      const both = await app().client.patch<UserProfile>(
        '/users/me',
        { locale: 'en', nickname: `${user.user.nickname}-x` },
        { token: user.accessToken },
      );
      expectStatus(both, 200);
      expect(both.body).toEqual(
        expect.objectContaining({ locale: 'en', nickname: `${user.user.nickname}-x` }),
      );
    });

    it.each([
      ['an unknown language', { locale: 'fr' }],
      ['a regional tag', { locale: 'de-DE' }],
      ['another case', { locale: 'DE' }],
      ['null', { locale: null }],
      ['a number', { locale: 1e308 }],
      ['an object', { locale: { $ne: 'en' } }],
      ['a lone surrogate', { locale: '\ud800' }],
    ])('refuses %s with 400 VALIDATION_FAILED and changes nothing', async (_label, body) => {
      const user = await signedInUser(app(), sink());
      const response = await app().client.patch('/users/me', body, { token: user.accessToken });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect((await profileOf(user.accessToken)).locale).toBe('en');
    });

    it('answers 401 when signed out', async () => {
      expectProblem(await app().client.patch('/users/me', { locale: 'de' }), 401, 'UNAUTHENTICATED');
    });
  });

  it('documents locale in the profile and the PATCH body', async () => {
    const spec = await app().client.get<{ components: { schemas: Record<string, { properties: object }> } }>(
      '/api/docs/openapi.json',
    );
    expectStatus(spec, 200);
    expect(spec.body.components.schemas.UserProfileDto.properties).toHaveProperty('locale');
    expect(spec.body.components.schemas.UpdateProfileDto.properties).toHaveProperty('locale');
  });
});
