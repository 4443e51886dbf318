import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/problems';
import { fakeApi, problem, profile, signedIn } from '../testing/fake-api';
import { useAuthStore } from './auth';

const PASSWORD = 'lantern quietly orbiting plums';

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

/** A store logged in as the default profile, on an API that also answers `routes`. */
async function signedInStore(routes: Parameters<typeof fakeApi>[0]) {
  const api = fakeApi({
    'POST /api/v1/auth/login': () => ({ status: 200, body: signedIn('token-1') }),
    ...routes,
  });
  const auth = useAuthStore();
  await auth.login({ email: 'ada@example.com', password: PASSWORD, rememberMe: false });
  return { auth, api };
}

describe('auth store: account changes', () => {
  it('keeps the profile the API answers after a nickname change and a new avatar', async () => {
    const { auth, api } = await signedInStore({
      'PATCH /api/v1/users/me': () => ({ status: 200, body: profile({ nickname: 'ada-l' }) }),
      'POST /api/v1/users/me/avatar': () => ({
        status: 200,
        body: profile({ nickname: 'ada-l', avatarUrl: 'x?v=2' }),
      }),
    });
    await auth.changeNickname('ada-l');
    expect(auth.user?.nickname).toBe('ada-l');
    expect(JSON.parse(api.to('PATCH /api/v1/users/me')[0].body)).toEqual({ nickname: 'ada-l' });
    await auth.regenerateAvatar();
    expect(auth.user?.avatarUrl).toBe('x?v=2');
  });

  it('throws the problem and keeps the profile when the nickname is taken', async () => {
    const { auth } = await signedInStore({
      'PATCH /api/v1/users/me': () => ({ status: 409, body: problem(409, 'NICKNAME_TAKEN') }),
    });
    await expect(auth.changeNickname('taken')).rejects.toMatchObject({ code: 'NICKNAME_TAKEN' });
    expect(auth.user?.nickname).toBe(profile().nickname);
  });

  it('sends the email change and password change with the current password, keeping the session', async () => {
    const { auth, api } = await signedInStore({
      'POST /api/v1/users/me/email': () => ({ status: 202 }),
      'PUT /api/v1/users/me/password': () => ({ status: 204 }),
    });
    await auth.requestEmailChange('new@example.com', PASSWORD);
    await auth.changePassword(PASSWORD, 'velvet kayak orbiting the pier');
    expect(JSON.parse(api.to('POST /api/v1/users/me/email')[0].body)).toEqual({
      newEmail: 'new@example.com',
      currentPassword: PASSWORD,
    });
    expect(api.to('PUT /api/v1/users/me/password')[0].authorization).toBe('Bearer token-1');
    expect(auth.isSignedIn).toBe(true);
  });

  it('ends the session once the account is deleted, and only then', async () => {
    let answer = { status: 400, body: problem(400, 'INVALID_PASSWORD') as unknown };
    const { auth } = await signedInStore({ 'DELETE /api/v1/users/me': () => answer });
    await expect(auth.deleteAccount('wrong')).rejects.toBeInstanceOf(ApiError);
    expect(auth.isSignedIn).toBe(true);

    answer = { status: 204, body: undefined };
    await auth.deleteAccount(PASSWORD);
    expect(auth.isSignedIn).toBe(false);
    expect(localStorage.getItem('latchkey.session')).toBeNull();
  });

  it('carries Retry-After on a refused resend', async () => {
    const { auth } = await signedInStore({
      'POST /api/v1/auth/email/resend': () => ({
        status: 429,
        body: problem(429, 'RATE_LIMITED'),
        headers: { 'retry-after': '42' },
      }),
    });
    await expect(auth.resendConfirmation()).rejects.toMatchObject({ status: 429, retryAfterSeconds: 42 });
  });
});
