import { createPinia, setActivePinia } from 'pinia';
import { startAuthentication } from '@simplewebauthn/browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { ApiError } from '../api/problems';
import { fakeApi, problem, signedIn, type FakeRoutes } from '../testing/fake-api';
import { useAuthStore } from './auth';
import { REAUTHENTICATION_CANCELLED, useReauthStore } from './reauth';

const PASSWORD = 'lantern quietly orbiting plums';
const ASSERTION = { id: 'cred', rawId: 'cred', type: 'public-key', response: {}, clientExtensionResults: {} };

vi.mock('@simplewebauthn/browser', () => ({
  browserSupportsWebAuthn: () => true,
  startAuthentication: vi.fn(async () => ASSERTION),
}));

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

const reauthRequired = (methods: string[]) => ({
  status: 403,
  body: { ...problem(403, 'REAUTHENTICATION_REQUIRED'), methods },
});

/**
 * A signed-in store on an API whose DELETE /users/me wants a recent session until POST /auth/reauthenticate
 * took the right password (or code 123456).
 */
async function signedInWithSensitiveRoute(routes: FakeRoutes = {}) {
  let recent = false;
  const api = fakeApi({
    'POST /api/v1/auth/login': () => ({ status: 200, body: signedIn('token-1') }),
    'DELETE /api/v1/users/me': () => (recent ? { status: 204 } : reauthRequired(['password'])),
    'POST /api/v1/auth/reauthenticate': async (request) => {
      const proof = (await request.json()) as { password?: string; emailCode?: string };
      recent = proof.password === PASSWORD || proof.emailCode === '123456';
      return recent
        ? { status: 204 }
        : { status: 400, body: problem(400, 'INVALID_CURRENT_PASSWORD', 'The current password is wrong.') };
    },
    ...routes,
  });
  const auth = useAuthStore();
  await auth.login({ email: 'ada@example.com', password: PASSWORD, rememberMe: false });
  return { auth, api, reauth: useReauthStore() };
}

/** Lets the rejected first attempt reach the store, which then opens the dialog. */
async function dialogOpened(reauth: ReturnType<typeof useReauthStore>): Promise<void> {
  for (let i = 0; i < 20 && !reauth.methods; i++) await new Promise((resolve) => setTimeout(resolve, 0));
  await nextTick();
  expect(reauth.methods).not.toBeNull();
}

describe('reauth store', () => {
  it('runs an action that needs no confirmation once, and opens no dialog', async () => {
    const { reauth } = await signedInWithSensitiveRoute();

    await expect(reauth.withReauth(async () => 'done')).resolves.toBe('done');
    expect(reauth.methods).toBeNull();
  });

  it('asks with the methods of the 403, then runs the action again once the password is right', async () => {
    const { auth, api, reauth } = await signedInWithSensitiveRoute();

    const deletion = reauth.withReauth(() => auth.deleteAccount());
    await dialogOpened(reauth);
    expect(reauth.methods).toEqual(['password']);

    await reauth.reauthenticate({ password: PASSWORD });
    await deletion;

    expect(api.to('DELETE /api/v1/users/me')).toHaveLength(2);
    expect(JSON.parse(api.to('POST /api/v1/auth/reauthenticate')[0].body)).toEqual({ password: PASSWORD });
    expect(api.to('POST /api/v1/auth/reauthenticate')[0].authorization).toBe('Bearer token-1');
    expect(reauth.methods).toBeNull();
    expect(auth.isSignedIn).toBe(false);
  });

  it('keeps the dialog open after a wrong password, throwing its problem for the dialog to show', async () => {
    const { auth, reauth } = await signedInWithSensitiveRoute();
    const deletion = reauth.withReauth(() => auth.deleteAccount());
    await dialogOpened(reauth);

    await expect(reauth.reauthenticate({ password: 'not it' })).rejects.toMatchObject({
      code: 'INVALID_CURRENT_PASSWORD',
    });
    expect(reauth.methods).toEqual(['password']);

    await reauth.reauthenticate({ password: PASSWORD });
    await expect(deletion).resolves.toBeUndefined();
  });

  it('opens one dialog for actions refused at the same time, and runs each again after one confirmation', async () => {
    let recent = false;
    const { reauth, api } = await signedInWithSensitiveRoute({
      'POST /api/v1/users/me/email': () => (recent ? { status: 202 } : reauthRequired(['email_code'])),
      'POST /api/v1/auth/reauthenticate/email': () => ({ status: 202, body: { status: 'accepted' } }),
      'POST /api/v1/auth/reauthenticate': () => {
        recent = true;
        return { status: 204 };
      },
    });
    const auth = useAuthStore();
    const changes = [
      reauth.withReauth(() => auth.requestEmailChange('one@example.com')),
      reauth.withReauth(() => auth.requestEmailChange('two@example.com')),
    ];
    await dialogOpened(reauth);
    expect(reauth.methods).toEqual(['email_code']);

    await reauth.mailCode();
    await reauth.reauthenticate({ emailCode: '123456' });
    await Promise.all(changes);

    expect(api.to('POST /api/v1/auth/reauthenticate/email')).toHaveLength(1);
    expect(api.to('POST /api/v1/auth/reauthenticate')).toHaveLength(1);
    expect(api.to('POST /api/v1/users/me/email')).toHaveLength(4);
  });

  it('fails the action with REAUTHENTICATION_CANCELLED when the person closes the dialog', async () => {
    const { auth, api, reauth } = await signedInWithSensitiveRoute();
    const deletion = reauth.withReauth(() => auth.deleteAccount());
    await dialogOpened(reauth);

    reauth.cancel();

    await expect(deletion).rejects.toMatchObject({ code: REAUTHENTICATION_CANCELLED });
    expect(reauth.methods).toBeNull();
    expect(api.to('DELETE /api/v1/users/me')).toHaveLength(1);
    expect(auth.isSignedIn).toBe(true);
  });

  it('fails the waiting action too when the session ended over wrong passwords', async () => {
    const { auth, reauth } = await signedInWithSensitiveRoute({
      'POST /api/v1/auth/reauthenticate': () => ({
        status: 401,
        body: problem(401, 'TOO_MANY_WRONG_PASSWORDS'),
      }),
    });
    const deletion = reauth.withReauth(() => auth.deleteAccount());
    await dialogOpened(reauth);

    await expect(reauth.reauthenticate({ password: 'wrong' })).rejects.toBeInstanceOf(ApiError);

    await expect(deletion).rejects.toMatchObject({ status: 401, code: 'TOO_MANY_WRONG_PASSWORDS' });
    expect(reauth.methods).toBeNull();
  });

  it('passes every other failure through without a dialog', async () => {
    const { reauth } = await signedInWithSensitiveRoute();
    const refused = new ApiError(403, 'FORBIDDEN', 'No.');

    await expect(reauth.withReauth(() => Promise.reject(refused))).rejects.toBe(refused);
    expect(reauth.methods).toBeNull();
  });

  describe('with a passkey', () => {
    const CHALLENGE = '33333333-3333-4333-8333-333333333333';
    const OPTIONS = {
      'POST /api/v1/auth/passkeys/authentication/options': () => ({
        status: 200,
        body: { challengeId: CHALLENGE, options: { challenge: 'abc', rpId: 'localhost' } },
      }),
    };

    it('sends the passkey’s answer to fresh options with their challenge id, then runs the action again', async () => {
      const { auth, api, reauth } = await signedInWithSensitiveRoute({
        ...OPTIONS,
        'POST /api/v1/auth/reauthenticate': () => ({ status: 204 }),
        'DELETE /api/v1/users/me': () =>
          api.to('POST /api/v1/auth/reauthenticate').length ? { status: 204 } : reauthRequired(['passkey']),
      });
      const deletion = reauth.withReauth(() => auth.deleteAccount());
      await dialogOpened(reauth);
      expect(reauth.methods).toEqual(['passkey']);

      await reauth.reauthenticateWithPasskey();
      await deletion;

      expect(vi.mocked(startAuthentication)).toHaveBeenCalledWith({
        optionsJSON: { challenge: 'abc', rpId: 'localhost' },
        useBrowserAutofill: false,
      });
      expect(JSON.parse(api.to('POST /api/v1/auth/reauthenticate')[0].body)).toEqual({
        challengeId: CHALLENGE,
        response: ASSERTION,
      });
      expect(reauth.methods).toBeNull();
    });

    it('keeps the dialog open when the prompt is cancelled, sending nothing', async () => {
      const { auth, api, reauth } = await signedInWithSensitiveRoute(OPTIONS);
      const cancelled = Object.assign(new Error('not allowed'), { name: 'NotAllowedError' });
      vi.mocked(startAuthentication).mockRejectedValueOnce(cancelled);
      void reauth.withReauth(() => auth.deleteAccount()).catch(() => undefined);
      await dialogOpened(reauth);

      await expect(reauth.reauthenticateWithPasskey()).rejects.toBe(cancelled);

      expect(api.to('POST /api/v1/auth/reauthenticate')).toHaveLength(0);
      expect(reauth.methods).not.toBeNull();
      reauth.cancel();
    });
  });
});
