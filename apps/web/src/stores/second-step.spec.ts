import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rememberMagicLink, verifierFor } from '../composables/magic-links';
import { fakeApi, problem, signedIn, type FakeRoutes } from '../testing/fake-api';
import { useAuthStore } from './auth';

const PASSWORD = 'lantern quietly orbiting plums';
const LOGIN = 'POST /api/v1/auth/login';
const VERIFY = 'POST /api/v1/auth/mfa/verify';
const MFA_TOKEN = 'mfa-token-that-never-leaves-memory';
const asked = {
  status: 200,
  body: { mfaRequired: true, mfaToken: MFA_TOKEN, expiresIn: 300, methods: ['totp', 'recovery_code'] },
};
const wrongCode = (triesLeft: number) => ({
  status: 401,
  body: { ...problem(401, 'INVALID_MFA_CODE', 'The code is wrong.'), triesLeft },
});

beforeEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  setActivePinia(createPinia());
});

async function askedForSecondStep(routes: FakeRoutes = {}) {
  const api = fakeApi({ [LOGIN]: () => asked, ...routes });
  const auth = useAuthStore();
  const answer = await auth.login({ email: 'ada@example.com', password: PASSWORD, rememberMe: true });
  return { api, auth, answer };
}

describe('auth store: sign-in with a second step', () => {
  it('holds a password sign-in that wants a code in memory only, with no session yet', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-06T10:00:00Z'), toFake: ['Date'] });
    const { auth, answer } = await askedForSecondStep();
    vi.useRealTimers();

    expect(answer).toBeNull();
    expect(auth.isSignedIn).toBe(false);
    expect(auth.accessToken).toBeNull();
    expect(auth.secondStep).toEqual({
      mfaToken: MFA_TOKEN,
      methods: ['totp', 'recovery_code'],
      expiresAt: Date.parse('2026-12-06T10:05:00Z'),
    });
    // Nothing of it in storage: neither the token nor the session hint.
    expect(JSON.stringify({ ...localStorage, ...sessionStorage })).not.toContain(MFA_TOKEN);
    expect(localStorage.getItem('latchkey.session')).toBeNull();
  });

  it('finishes with the app’s code: the session starts and the step is gone', async () => {
    const { auth, api } = await askedForSecondStep({
      [VERIFY]: () => ({ status: 200, body: signedIn('token-2') }),
    });

    const user = await auth.verifySecondStep({ code: '492039' });

    expect(user.email).toBe('ada@example.com');
    expect(auth.accessToken).toBe('token-2');
    expect(auth.secondStep).toBeNull();
    expect(JSON.parse(api.to(VERIFY)[0]!.body)).toEqual({ mfaToken: MFA_TOKEN, code: '492039' });
  });

  it('sends a recovery code as such', async () => {
    const { auth, api } = await askedForSecondStep({
      [VERIFY]: () => ({ status: 200, body: signedIn('token-2') }),
    });
    await auth.verifySecondStep({ recoveryCode: '7kq2-m9xd-3fpa-tz0c' });
    expect(JSON.parse(api.to(VERIFY)[0]!.body)).toEqual({
      mfaToken: MFA_TOKEN,
      recoveryCode: '7kq2-m9xd-3fpa-tz0c',
    });
  });

  it('keeps the step after a wrong code, with the tries left, and forgets it after the last one', async () => {
    let triesLeft = 2;
    const { auth } = await askedForSecondStep({ [VERIFY]: () => wrongCode(--triesLeft) });

    await expect(auth.verifySecondStep({ code: '000000' })).rejects.toMatchObject({
      code: 'INVALID_MFA_CODE',
      triesLeft: 1,
    });
    expect(auth.secondStep?.mfaToken).toBe(MFA_TOKEN);

    await expect(auth.verifySecondStep({ code: '000001' })).rejects.toMatchObject({ triesLeft: 0 });
    expect(auth.secondStep).toBeNull();
    expect(auth.isSignedIn).toBe(false);
  });

  it('forgets a step the API no longer knows, and asks nothing once it is gone', async () => {
    const { auth, api } = await askedForSecondStep({
      [VERIFY]: () => ({ status: 401, body: problem(401, 'INVALID_MFA_TOKEN') }),
    });
    await expect(auth.verifySecondStep({ code: '492039' })).rejects.toMatchObject({
      code: 'INVALID_MFA_TOKEN',
    });
    expect(auth.secondStep).toBeNull();

    await expect(auth.verifySecondStep({ code: '492039' })).rejects.toMatchObject({
      code: 'INVALID_MFA_TOKEN',
    });
    expect(api.to(VERIFY)).toHaveLength(1);
  });

  it('asks for the second step after a mailed link too, the link’s verifier spent either way', async () => {
    rememberMagicLink('ada@example.com', 'verifier-1');
    fakeApi({ 'POST /api/v1/auth/magic-link/verify': () => asked });
    const auth = useAuthStore();

    const answer = await auth.verifyMagicLink({ email: 'ada@example.com', code: '123456' }, 'verifier-1');

    expect(answer).toBeNull();
    expect(auth.secondStep?.mfaToken).toBe(MFA_TOKEN);
    expect(verifierFor('ada@example.com')).toBeUndefined();
  });

  it('drops a waiting step when another sign-in succeeds', async () => {
    let attempts = 0;
    const { auth } = await askedForSecondStep({
      [LOGIN]: () => (++attempts === 1 ? asked : { status: 200, body: signedIn('token-3') }),
    });
    expect(auth.secondStep).not.toBeNull();
    await auth.login({ email: 'bob@example.com', password: PASSWORD, rememberMe: false });
    expect(auth.secondStep).toBeNull();
    expect(auth.accessToken).toBe('token-3');
  });
});
