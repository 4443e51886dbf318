import {
  confirmationMail,
  expectProblem,
  expectStatus,
  extractLink,
  LINK_PATHS,
  signedInUser,
  UserProfile,
  useServers,
} from './support';

describe('POST /auth/email/resend', () => {
  const servers = useServers();
  const app = () => servers.app;
  const resend = (token?: string) => app().client.post('/auth/email/resend', undefined, { token });
  const confirm = (token: string) =>
    app().client.post<{ user: UserProfile }>('/auth/email/confirm', { token });

  /** The next confirmation mail to `email` after the ones already received. */
  async function nextConfirmation(email: string) {
    const seen = servers.sink.matching({ to: email });
    const mail = await servers.sink.waitForMail({
      to: email,
      containing: `${app().publicUrl}/${LINK_PATHS.confirmEmail}?`,
      where: (candidate) => !seen.includes(candidate),
    });
    return { mail, token: extractLink(mail, app().publicUrl, LINK_PATHS.confirmEmail) };
  }

  it('mails a new link that replaces the one from sign-up', async () => {
    const user = await signedInUser(app(), servers.sink, { confirmed: false });
    const signUpToken = extractLink(
      await confirmationMail(app(), servers.sink, user.email),
      app().publicUrl,
      LINK_PATHS.confirmEmail,
    );

    const response = await resend(user.accessToken);

    expectStatus(response, 202);
    expect(response.body).toEqual({ status: 'accepted' });
    const { token } = await nextConfirmation(user.email);
    expect(token).not.toBe(signUpToken);
    expectProblem(await confirm(signUpToken), 400, 'INVALID_TOKEN');
    const confirmed = await confirm(token);
    expectStatus(confirmed, 200);
    expect(confirmed.body.user.emailConfirmed).toBe(true);
  });

  it('sends at most one mail a minute: a repeat answers 202, sends nothing and keeps the last link working', async () => {
    const user = await signedInUser(app(), servers.sink, { confirmed: false });
    expectStatus(await resend(user.accessToken), 202);
    const { mail, token } = await nextConfirmation(user.email);

    expectStatus(await resend(user.accessToken), 202);
    expectStatus(await resend(user.accessToken), 202);

    await servers.sink.waitForQuiet(1_000);
    const confirmations = servers.sink.matching({ to: user.email, containing: LINK_PATHS.confirmEmail });
    expect(confirmations.at(-1)).toBe(mail);
    expect(confirmations).toHaveLength(2); // the sign-up's and the first resend's
    expectStatus(await confirm(token), 200);
  });

  it('refuses a confirmed account with 409 EMAIL_ALREADY_CONFIRMED and mails nothing', async () => {
    const user = await signedInUser(app(), servers.sink);
    const before = servers.sink.matching({ to: user.email }).length;

    expectProblem(await resend(user.accessToken), 409, 'EMAIL_ALREADY_CONFIRMED');

    await servers.sink.waitForQuiet(500);
    expect(servers.sink.matching({ to: user.email })).toHaveLength(before);
  });

  it('refuses a request without a session with 401', async () => {
    expectProblem(await resend(), 401, 'UNAUTHENTICATED');
    expectProblem(await resend('not.a.jwt'), 401, 'UNAUTHENTICATED');
  });
});
