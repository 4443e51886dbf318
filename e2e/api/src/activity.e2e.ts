import {
  authenticatorFor,
  confirmationMail,
  decodeJwt,
  enrolTotp,
  expectProblem,
  expectStatus,
  extractLink,
  forgotPassword,
  LINK_PATHS,
  loginAs,
  loginToSecondStep,
  askForMagicLink,
  passphrase,
  postPasswordReset,
  registerPasskey,
  signedInUser,
  SignedInUser,
  signUp,
  signUpWithoutPassword,
  trySignInWithPasskey,
  uniqueEmail,
  useServers,
  verifyMagicLink,
  verifyMfa,
  confirmFromMail,
} from './support';
import { ActivityItem, activityOf, getActivity, newestOf, typesOf } from './support/activity';

const sessionOf = (accessToken: string) => decodeJwt(accessToken).payload.sid as string;

/**
 * One test per flow of DESIGN.md §12: the flow's row is in the account's own activity with the right type,
 * actor and details, and no secret of the flow is anywhere in it.
 */
describe('GET /users/me/activity: a row for every security event, written with the change', () => {
  // No grace: a replayed refresh token counts as reuse at once.
  const servers = useServers({ env: { REFRESH_REUSE_GRACE: '0' } });
  const app = () => servers.app;

  /** Nothing the flow handed out or took in appears in the rows. */
  function expectNoSecrets(items: ActivityItem[], ...secrets: (string | undefined)[]) {
    const text = JSON.stringify(items);
    for (const secret of secrets) if (secret) expect(text).not.toContain(secret);
  }

  it('records sign-up, confirmation and a password sign-in, newest first, with client and session', async () => {
    const account = await signUp(app(), servers.sink);
    await confirmFromMail(app(), account.mail);
    const signedIn = await loginAs(app(), account);

    const items = await activityOf(app(), signedIn.accessToken);

    expect(typesOf(items)).toEqual(['auth.signed_in', 'account.email_confirmed', 'account.signed_up']);
    expect(items[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      type: 'auth.signed_in',
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      ip: expect.any(String),
      userAgent: 'node',
      device: 'node',
      sessionId: sessionOf(signedIn.accessToken),
      actor: null,
      details: { method: 'password' },
    });
    expect(items[2].details).toEqual({ method: 'password' });
    expectNoSecrets(
      items,
      account.password,
      account.confirmToken,
      signedIn.accessToken,
      signedIn.refreshToken,
    );
  });

  it('records a failed sign-in of a known account, and nothing for an unknown address', async () => {
    const user = await signedInUser(app(), servers.sink);
    const wrong = passphrase();
    expectProblem(
      await app().client.post('/auth/login', { email: user.email, password: wrong }),
      401,
      'INVALID_CREDENTIALS',
    );
    const unknown = uniqueEmail('nobody');
    await app().client.post('/auth/login', { email: unknown, password: wrong });

    const items = await activityOf(app(), user.accessToken);

    expect(newestOf(items, 'auth.sign_in_failed')).toMatchObject({
      actor: null,
      sessionId: null,
      details: { method: 'password', reason: 'wrong_password' },
    });
    expectNoSecrets(items, wrong, unknown);
    const [row] = await app().editDatabase((sql) =>
      sql(`SELECT count(*)::int AS count FROM security_events WHERE details::text LIKE $1`, [`%${unknown}%`]),
    );
    expect(row.count).toBe(0);
  });

  it('records a sign-out and a revoked session, each naming its session', async () => {
    const user = await signedInUser(app(), servers.sink);
    const other = await loginAs(app(), user);
    const third = await loginAs(app(), user);

    const revoke = await app().client.delete(
      `/users/me/sessions/${sessionOf(other.accessToken)}`,
      undefined,
      {
        token: user.accessToken,
      },
    );
    expectStatus(revoke, 204);
    expectStatus(await app().client.post('/auth/logout', undefined, { token: third.accessToken }), 204);
    // A second logout of the ended session is refused and records nothing more.
    await app().client.post('/auth/logout', undefined, { token: third.accessToken });

    const items = await activityOf(app(), user.accessToken);

    expect(typesOf(items).slice(0, 2)).toEqual(['auth.signed_out', 'session.revoked']);
    expect(items[0].sessionId).toBe(sessionOf(third.accessToken));
    expect(items[1]).toMatchObject({ sessionId: sessionOf(other.accessToken), details: { scope: 'one' } });
  });

  it('records a detected refresh-token reuse', async () => {
    const user = await signedInUser(app(), servers.sink);
    const fresh = await loginAs(app(), user);
    const first = await app().client.post('/auth/refresh', { refreshToken: fresh.refreshToken });
    expectStatus(first, 200);
    const replay = await app().client.post('/auth/refresh', { refreshToken: fresh.refreshToken });
    expectProblem(replay, 401, 'INVALID_REFRESH_TOKEN');

    const reuse = newestOf(await activityOf(app(), user.accessToken), 'auth.refresh_reuse_detected');

    expect(reuse.sessionId).toBe(sessionOf(fresh.accessToken));
  });

  it('records a password change; a refused change records nothing', async () => {
    const user = await signedInUser(app(), servers.sink);
    const newPassword = passphrase();
    const refused = await app().client.put(
      '/users/me/password',
      { currentPassword: passphrase(), newPassword },
      { token: user.accessToken },
    );
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(typesOf(await activityOf(app(), user.accessToken))).not.toContain('account.password_changed');

    const changed = await app().client.put(
      '/users/me/password',
      { currentPassword: user.password, newPassword },
      { token: user.accessToken },
    );
    expectStatus(changed, 204);

    const items = await activityOf(app(), user.accessToken);
    expect(newestOf(items, 'account.password_changed').sessionId).toBe(sessionOf(user.accessToken));
    expectNoSecrets(items, user.password, newPassword);
  });

  it('records a password reset', async () => {
    const user = await signedInUser(app(), servers.sink);
    const { token } = await forgotPassword(app(), servers.sink, user.email);
    const newPassword = passphrase();
    expectStatus(await postPasswordReset(app(), { token, newPassword }), 204);

    const again = await loginAs(app(), { email: user.email, password: newPassword });
    const items = await activityOf(app(), again.accessToken);

    expect(typesOf(items).slice(0, 2)).toEqual(['auth.signed_in', 'account.password_reset']);
    expectNoSecrets(items, token, newPassword);
  });

  it('records an email change asked for and confirmed, without either address', async () => {
    const user = await signedInUser(app(), servers.sink);
    const newEmail = uniqueEmail('moved');
    const asked = await app().client.post(
      '/users/me/email',
      { newEmail, currentPassword: user.password },
      { token: user.accessToken },
    );
    expectStatus(asked, 202);
    const mail = await confirmationMail(app(), servers.sink, newEmail);
    const token = extractLink(mail, app().publicUrl, LINK_PATHS.confirmEmail);
    expectStatus(await app().client.post('/auth/email/confirm', { token }), 200);

    const items = await activityOf(app(), user.accessToken);

    expect(typesOf(items).slice(0, 2)).toEqual(['account.email_changed', 'account.email_change_requested']);
    expectNoSecrets(items, newEmail, user.email, token);
  });

  it('records passkeys added, renamed, used to sign in and removed', async () => {
    const user = await signedInUser(app(), servers.sink);
    const authenticator = authenticatorFor(app());
    const passkey = await registerPasskey(app(), user.accessToken, authenticator, { name: 'Laptop' });
    const renamed = await app().client.patch(
      `/users/me/passkeys/${passkey.id}`,
      { name: 'Old laptop' },
      { token: user.accessToken },
    );
    expectStatus(renamed, 200);
    const signIn = await trySignInWithPasskey(app(), authenticator);
    expectStatus(signIn, 200);
    const removed = await app().client.delete(`/users/me/passkeys/${passkey.id}`, undefined, {
      token: signIn.body.accessToken,
    });
    expectStatus(removed, 204);

    const items = await activityOf(app(), user.accessToken);

    expect(typesOf(items).slice(0, 4)).toEqual([
      'account.passkey_removed',
      'auth.signed_in',
      'account.passkey_renamed',
      'account.passkey_added',
    ]);
    expect(items[0].details).toEqual({ passkeyId: passkey.id, name: 'Old laptop' });
    expect(items[1]).toMatchObject({
      sessionId: sessionOf(signIn.body.accessToken),
      details: { method: 'passkey' },
    });
    expect(items[3].details).toEqual({ passkeyId: passkey.id, name: 'Laptop' });
  });

  it('records a passkey whose counter went back, and no sign-in for it', async () => {
    const user = await signedInUser(app(), servers.sink);
    const authenticator = authenticatorFor(app());
    const passkey = await registerPasskey(app(), user.accessToken, authenticator, { name: 'Key' });
    expectStatus(await trySignInWithPasskey(app(), authenticator, { counter: 7 }), 200);
    const cloned = await trySignInWithPasskey(app(), authenticator, { counter: 5 });
    expectProblem(cloned, 401, 'INVALID_CREDENTIALS');

    const items = await activityOf(app(), user.accessToken);

    expect(typesOf(items).slice(0, 2)).toEqual(['account.passkey_counter_regression', 'auth.signed_in']);
    expect(items[0]).toMatchObject({ sessionId: null, details: { passkeyId: passkey.id, name: 'Key' } });
  });

  it('records a magic-link sign-in', async () => {
    const user = await signedInUser(app(), servers.sink);
    const { token, pkce } = await askForMagicLink(app(), servers.sink, user.email);
    const verified = await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier });
    expectStatus(verified, 200);

    const items = await activityOf(app(), user.accessToken);

    expect(items[0]).toMatchObject({ type: 'auth.signed_in', details: { method: 'magic_link' } });
    expectNoSecrets(items, token, pkce.codeVerifier);
  });

  it('records two-step verification: on, sign-ins by code and recovery code, a wrong code, codes replaced, off', async () => {
    const user = await signedInUser(app(), servers.sink);
    const { authenticator, recoveryCodes } = await enrolTotp(app(), user.accessToken);

    const wrongStep = await loginToSecondStep(app(), user);
    expectProblem(
      await verifyMfa(app(), { mfaToken: wrongStep.mfaToken, code: '000000' }),
      401,
      'INVALID_MFA_CODE',
    );
    const byCode = await verifyMfa(app(), {
      mfaToken: (await loginToSecondStep(app(), user)).mfaToken,
      code: await authenticator.nextCode(),
    });
    expectStatus(byCode, 200);
    const byRecovery = await verifyMfa(app(), {
      mfaToken: (await loginToSecondStep(app(), user)).mfaToken,
      recoveryCode: recoveryCodes[0],
    });
    expectStatus(byRecovery, 200);
    const token = byRecovery.body.accessToken;
    const replaced = await app().client.post('/users/me/mfa/recovery-codes', undefined, { token });
    expectStatus(replaced, 200);
    expectStatus(await app().client.delete('/users/me/mfa/totp', undefined, { token }), 204);

    const items = await activityOf(app(), token);

    expect(typesOf(items).slice(0, 7)).toEqual([
      'account.mfa_disabled',
      'account.recovery_codes_replaced',
      'auth.signed_in',
      'account.recovery_code_used',
      'auth.signed_in',
      'auth.sign_in_failed',
      'account.mfa_enabled',
    ]);
    expect(items[2].details).toEqual({ method: 'password', secondStep: 'recovery_code' });
    expect(items[3].details).toEqual({ recoveryCodesLeft: recoveryCodes.length - 1 });
    expect(items[4].details).toEqual({ method: 'password', secondStep: 'totp' });
    expect(items[5].details).toEqual({ method: 'password', secondStep: 'totp', reason: 'wrong_code' });
    expectNoSecrets(items, ...recoveryCodes, ...(replaced.body as { recoveryCodes: string[] }).recoveryCodes);
  });

  it('records a passwordless sign-up, its confirming sign-in and a first password set', async () => {
    const { token, pkce } = await signUpWithoutPassword(app(), servers.sink);
    const verified = await verifyMagicLink(app(), { token, codeVerifier: pkce.codeVerifier });
    expectStatus(verified, 200);
    const newPassword = passphrase();
    const set = await app().client.put(
      '/users/me/password',
      { newPassword },
      { token: verified.body.accessToken as string },
    );
    expectStatus(set, 204);

    const items = await activityOf(app(), verified.body.accessToken as string);

    expect(typesOf(items)).toEqual([
      'account.password_set',
      'auth.signed_in',
      'account.email_confirmed',
      'account.signed_up',
    ]);
    expect(items.map((item) => item.details)).toEqual([
      {},
      { method: 'magic_link' },
      { via: 'magic_link' },
      { method: 'magic_link' },
    ]);
    expectNoSecrets(items, token, pkce.codeVerifier, newPassword);
  });

  it('records a wrong magic-link code and a wrong verifier of a known account', async () => {
    const user = await signedInUser(app(), servers.sink);
    const { token, code, pkce } = await askForMagicLink(app(), servers.sink, user.email);
    const wrongCode = code === '000000' ? '000001' : '000000';
    const byCode = await verifyMagicLink(app(), {
      email: user.email,
      code: wrongCode,
      codeVerifier: pkce.codeVerifier,
    });
    expectProblem(byCode, 400, 'INVALID_TOKEN');
    const wrongVerifier = await verifyMagicLink(app(), { token, codeVerifier: 'x'.repeat(43) });
    expectProblem(wrongVerifier, 400, 'INVALID_TOKEN');

    const items = await activityOf(app(), user.accessToken);

    expect(items.slice(0, 2).map((item) => item.details)).toEqual([
      { method: 'magic_link', reason: 'wrong_verifier' },
      { method: 'magic_link', reason: 'wrong_code' },
    ]);
    expectNoSecrets(items, token, code, wrongCode);
  });

  it('records the session that wrong current passwords ended', async () => {
    const user = await signedInUser(app(), servers.sink);
    const doomed = await loginAs(app(), user);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await app().client.put(
        '/users/me/password',
        { currentPassword: passphrase(), newPassword: passphrase() },
        { token: doomed.accessToken },
      );
    }

    const revoked = newestOf(await activityOf(app(), user.accessToken), 'session.revoked');

    expect(revoked).toMatchObject({
      sessionId: sessionOf(doomed.accessToken),
      details: { scope: 'one', reason: 'wrong_passwords' },
    });
  });

  it('records every session ended by cancelling an email change', async () => {
    const user = await signedInUser(app(), servers.sink);
    const newEmail = uniqueEmail('unwanted');
    const asked = await app().client.post(
      '/users/me/email',
      { newEmail, currentPassword: user.password },
      { token: user.accessToken },
    );
    expectStatus(asked, 202);
    const notice = await servers.sink.waitForMail({ to: user.email, containing: newEmail });
    const token = extractLink(notice, app().publicUrl, LINK_PATHS.cancelEmailChange);
    expectStatus(await app().client.post('/auth/email/change/cancel', { token }), 204);

    const again = await loginAs(app(), user);
    const items = await activityOf(app(), again.accessToken);

    expect(items[1]).toMatchObject({
      type: 'session.revoked',
      sessionId: null,
      details: { scope: 'all', reason: 'email_change_cancelled' },
    });
    expectNoSecrets(items, token);
  });

  it('shows only the account’s own events and takes no other account’s id', async () => {
    const owner = await signedInUser(app(), servers.sink);
    const stranger: SignedInUser = await signedInUser(app(), servers.sink);

    const seen = await activityOf(app(), stranger.accessToken);

    expect(seen.every((item) => item.sessionId !== sessionOf(owner.accessToken))).toBe(true);
    expect(typesOf(seen)).toEqual(['auth.signed_in', 'account.email_confirmed', 'account.signed_up']);
    const byId = await getActivity(app(), stranger.accessToken, { userId: owner.user.id });
    expectProblem(byId, 400, 'VALIDATION_FAILED');
    expectProblem(await getActivity(app(), undefined), 401, 'UNAUTHENTICATED');
  });
});
