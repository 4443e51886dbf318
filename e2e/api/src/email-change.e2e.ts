import {
  ApiInstance,
  confirmationMail,
  expectProblem,
  expectStatus,
  extractLink,
  isConfirmationMail,
  LINK_PATHS,
  loginAs,
  LooseBody,
  requestSignUp,
  signedInUser,
  SignedInUser,
  uniqueEmail,
  UserProfile,
  useServers,
} from './support';

/** The mail cap (one link per address per minute) is the one thing a race test has to step around. */
const FORGET_MAIL_CAP = `DELETE FROM mail_caps WHERE address = $1 RETURNING address`;

describe('POST /users/me/email', () => {
  const servers = useServers();
  const app = () => servers.app;
  const signedIn = (input: { confirmed?: boolean } = {}) => signedInUser(app(), servers.sink, input);
  const requestChange = (user: SignedInUser, body: Record<string, unknown>) =>
    app().client.post('/users/me/email', body, { token: user.accessToken });
  const changeTo = async (user: SignedInUser, newEmail: string) => {
    const response = await requestChange(user, { newEmail, currentPassword: user.password });
    expectStatus(response, 202);
    return response;
  };
  const confirm = (token: string) =>
    app().client.post<{ user: UserProfile }>('/auth/email/confirm', { token });
  const linkTokenFor = async (address: string) =>
    extractLink(
      await confirmationMail(app(), servers.sink, address),
      app().publicUrl,
      LINK_PATHS.confirmEmail,
    );
  const me = (user: SignedInUser) => app().client.get<UserProfile>('/users/me', { token: user.accessToken });
  const noticeToOldAddress = (user: SignedInUser, newEmail: string) =>
    servers.sink.waitForMail({ to: user.email, containing: newEmail });

  it('answers 202, mails a link to the new address and a notice to the old; confirming moves the account', async () => {
    const user = await signedIn();
    const newEmail = uniqueEmail('moved');

    const response = await changeTo(user, newEmail.toUpperCase());

    expect(response.body).toEqual({ status: 'accepted' });
    const link = await confirmationMail(app(), servers.sink, newEmail);
    expect(link.text).toContain(newEmail);
    const notice = await noticeToOldAddress(user, newEmail);
    expect(isConfirmationMail(app(), notice)).toBe(false);
    expect(extractLink(notice, app().publicUrl, LINK_PATHS.cancelEmailChange)).toBeTruthy();
    expect((await me(user)).body.email).toBe(user.email); // nothing changes before the confirmation

    const confirmed = await confirm(extractLink(link, app().publicUrl, LINK_PATHS.confirmEmail));

    expectStatus(confirmed, 200);
    expect(confirmed.body.user).toEqual({ ...user.user, email: newEmail });
    expect((await me(user)).body.email).toBe(newEmail);
    await loginAs(app(), { email: newEmail, password: user.password });
    const oldLogin = await app().client.post('/auth/login', { email: user.email, password: user.password });
    expectProblem(oldLogin, 401, 'INVALID_CREDENTIALS');
  });

  it('confirms an unconfirmed account by the change, which opens the product to it', async () => {
    const user = await signedIn({ confirmed: false });
    const newEmail = uniqueEmail('typo-fixed');
    await changeTo(user, newEmail);
    expectProblem(await app().client.get('/images', { token: user.accessToken }), 403, 'EMAIL_NOT_CONFIRMED');

    const confirmed = await confirm(await linkTokenFor(newEmail));

    expectStatus(confirmed, 200);
    expect(confirmed.body.user).toMatchObject({ email: newEmail, emailConfirmed: true });
    expectStatus(await app().client.get('/images', { token: user.accessToken }), 200);
  });

  it('accepts a link once: a second confirmation is 400 INVALID_TOKEN', async () => {
    const user = await signedIn();
    const newEmail = uniqueEmail('once');
    await changeTo(user, newEmail);
    const token = await linkTokenFor(newEmail);
    expectStatus(await confirm(token), 200);

    expectProblem(await confirm(token), 400, 'INVALID_TOKEN');
  });

  it('needs no current password from a session that signed in moments ago', async () => {
    const user = await signedIn();
    const newEmail = uniqueEmail('fresh');

    expectStatus(await requestChange(user, { newEmail }), 202);

    expectStatus(await confirm(await linkTokenFor(newEmail)), 200);
  });

  it('refuses a wrong current password with 400 INVALID_CURRENT_PASSWORD and mails nothing', async () => {
    const user = await signedIn();
    const newEmail = uniqueEmail('not-sent');

    const response = await requestChange(user, { newEmail, currentPassword: `${user.password}x` });

    expectProblem(response, 400, 'INVALID_CURRENT_PASSWORD');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'currentPassword' })]);
    await servers.sink.waitForQuiet(1_000);
    expect(servers.sink.matching({ to: newEmail })).toEqual([]);
    expect(servers.sink.matching({ to: user.email, containing: newEmail })).toEqual([]);
  });

  it('refuses the account’s own address (in any case) with 400 EMAIL_UNCHANGED', async () => {
    const user = await signedIn();
    const response = await requestChange(user, {
      newEmail: user.email.toUpperCase(),
      currentPassword: user.password,
    });
    expectProblem(response, 400, 'EMAIL_UNCHANGED');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'newEmail' })]);
  });

  it.each([
    [
      'a malformed address',
      (password: string) => ({ newEmail: 'not-an-address', currentPassword: password }),
      ['newEmail'],
    ],
    [
      'an over-long address',
      (password: string) => ({ newEmail: `${'a'.repeat(250)}@example.com`, currentPassword: password }),
      ['newEmail'],
    ],
    ['a null password', () => ({ newEmail: uniqueEmail(), currentPassword: null }), ['currentPassword']],
    ['an empty password', () => ({ newEmail: uniqueEmail(), currentPassword: '' }), ['currentPassword']],
    [
      'wrong types',
      () => ({ newEmail: ['a@example.com'], currentPassword: 42 }),
      ['currentPassword', 'newEmail'],
    ],
    [
      'an unknown field',
      (password: string) => ({ newEmail: uniqueEmail(), currentPassword: password, email: 'x@example.com' }),
      ['email'],
    ],
  ])('refuses %s with 400 VALIDATION_FAILED', async (_label, body, fields) => {
    const user = await signedIn();
    const response = await requestChange(user, body(user.password));
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect((response.body.errors ?? []).map((error) => error.field).sort()).toEqual(fields);
  });

  it('refuses a guest with 401', async () => {
    const response = await app().client.post('/users/me/email', {
      newEmail: uniqueEmail(),
      currentPassword: 'x',
    });
    expectProblem(response, 401, 'UNAUTHENTICATED');
  });

  it('answers a taken address exactly like a free one, mails its owner a notice without a link, changes nothing', async () => {
    const owner = await signedIn();
    const user = await signedIn();
    const free = uniqueEmail('free');

    const forFree = await changeTo(user, free);
    const forTaken = await changeTo(user, owner.email);

    expect(forTaken.raw.equals(forFree.raw)).toBe(true);
    expect([...forTaken.headers.keys()].sort()).toEqual([...forFree.headers.keys()].sort());
    const notice = await servers.sink.waitForMail({
      to: owner.email,
      where: (mail) => !isConfirmationMail(app(), mail),
    });
    expect(notice.text).not.toMatch(/token=/);
    await noticeToOldAddress(user, owner.email);
    expect((await me(user)).body.email).toBe(user.email);
    expect((await me(owner)).body.email).toBe(owner.email);
    await loginAs(app(), owner);
    await loginAs(app(), user);
    // The request for the taken address also ended the earlier link to the free one.
    expectProblem(await confirm(await linkTokenFor(free)), 400, 'INVALID_TOKEN');
  });

  it('ends the earlier link when a change to another address is asked for', async () => {
    const user = await signedIn();
    const first = uniqueEmail('first');
    const second = uniqueEmail('second');
    await changeTo(user, first);
    const firstToken = await linkTokenFor(first);
    await changeTo(user, second);

    expectProblem(await confirm(firstToken), 400, 'INVALID_TOKEN');
    const confirmed = await confirm(await linkTokenFor(second));
    expectStatus(confirmed, 200);
    expect(confirmed.body.user.email).toBe(second);
  });

  it('mails one link per address per minute: a quick repeat is accepted, sends nothing, keeps the first link', async () => {
    const user = await signedIn();
    const newEmail = uniqueEmail('repeat');
    await changeTo(user, newEmail);
    await confirmationMail(app(), servers.sink, newEmail);

    await changeTo(user, newEmail);

    await servers.sink.waitForQuiet(1_000);
    expect(servers.sink.matching({ to: newEmail })).toHaveLength(1);
    expect(servers.sink.matching({ to: user.email, containing: newEmail })).toHaveLength(1);
    expectStatus(await confirm(await linkTokenFor(newEmail)), 200);
  });

  it('leaves exactly one owner when two accounts confirm a change to the same address at once', async () => {
    const [first, second] = await Promise.all([signedIn(), signedIn()]);
    const contested = uniqueEmail('contested');
    await changeTo(first, contested);
    const firstToken = await linkTokenFor(contested);
    await forgetMailCap(app(), contested);
    await changeTo(second, contested);
    const secondMail = await servers.sink.waitForMail({
      to: contested,
      where: (mail) => isConfirmationMail(app(), mail) && !mail.text.includes(firstToken),
    });
    const secondToken = extractLink(secondMail, app().publicUrl, LINK_PATHS.confirmEmail);

    const responses = await Promise.all([confirm(firstToken), confirm(secondToken)]);

    const statuses = responses.map((response) => response.status).sort();
    expect(statuses[0]).toBe(200);
    expect([400, 409]).toContain(statuses[1]);
    const loser = responses.find((response) => response.status !== 200)!;
    expect(['INVALID_TOKEN', 'EMAIL_TAKEN']).toContain((loser.body as LooseBody).code);
    const [winner, other] = responses[0].status === 200 ? [first, second] : [second, first];
    expect((await me(winner)).body.email).toBe(contested);
    expect((await me(other)).body.email).toBe(other.email);
  });

  it('answers 409 EMAIL_TAKEN when someone signed up with the address after the link went out', async () => {
    const user = await signedIn();
    const newEmail = uniqueEmail('squatted');
    await changeTo(user, newEmail);
    const token = await linkTokenFor(newEmail);
    const squatter = await requestSignUp(app(), { email: newEmail });

    expectProblem(await confirm(token), 409, 'EMAIL_TAKEN');
    expect((await me(user)).body.email).toBe(user.email);
    expect((await loginAs(app(), squatter.credentials)).user.id).not.toBe(user.user.id);
  });
});

async function forgetMailCap(app: ApiInstance, address: string): Promise<void> {
  const forgotten = await app.editDatabase((sql) => sql(FORGET_MAIL_CAP, [address]));
  expect(forgotten).toHaveLength(1);
}
