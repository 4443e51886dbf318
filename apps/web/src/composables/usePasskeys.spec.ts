import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAuthStore } from '../stores/auth';
import { fakeApi, problem, profile, signedIn } from '../testing/fake-api';
import { passkeyErrorText, usePasskeys } from './usePasskeys';

const LIST = 'GET /api/v1/users/me/passkeys';
const PHONE = '11111111-1111-4111-8111-111111111111';
const KEY = '22222222-2222-4222-8222-222222222222';

function passkey(id: string, name: string) {
  return {
    id,
    name,
    createdAt: '2026-11-20T08:15:00.000Z',
    lastUsedAt: null,
    backedUp: true,
    deviceType: 'multiDevice' as const,
  };
}

async function signedInWithPasskeys(count: number) {
  fakeApi({
    'POST /api/v1/auth/login': () => ({
      status: 200,
      body: signedIn('token-1', profile({ passkeyCount: count })),
    }),
  });
  const auth = useAuthStore();
  await auth.login({
    email: 'ada@example.com',
    password: 'lantern quietly orbiting plums',
    rememberMe: false,
  });
  return auth;
}

beforeEach(() => {
  localStorage.clear();
  setActivePinia(createPinia());
});

describe('usePasskeys', () => {
  it('lists, renames and removes, keeping the profile’s passkey count in step', async () => {
    const auth = await signedInWithPasskeys(2);
    const api = fakeApi({
      [LIST]: () => ({ status: 200, body: [passkey(PHONE, 'Phone'), passkey(KEY, 'Key')] }),
      [`PATCH /api/v1/users/me/passkeys/${PHONE}`]: () => ({ status: 200, body: passkey(PHONE, 'My phone') }),
      [`DELETE /api/v1/users/me/passkeys/${KEY}`]: () => ({ status: 204 }),
    });
    const { passkeys, load, rename, remove } = usePasskeys();

    await load();
    expect(await rename(passkeys.value[0]!, '  My phone ')).toBe(true);
    expect(await remove(passkeys.value[1]!)).toBe(true);

    expect(passkeys.value.map(({ name }) => name)).toEqual(['My phone']);
    expect(auth.user?.passkeyCount).toBe(1);
    expect(api.to(LIST)[0]?.authorization).toBe('Bearer token-1');
  });

  it('says what to do when the API asks for a recent sign-in, and keeps the passkey listed', async () => {
    await signedInWithPasskeys(1);
    fakeApi({
      [LIST]: () => ({ status: 200, body: [passkey(KEY, 'Key')] }),
      [`DELETE /api/v1/users/me/passkeys/${KEY}`]: () => ({
        status: 403,
        body: problem(403, 'REAUTHENTICATION_REQUIRED'),
      }),
    });
    const { passkeys, error, load, remove } = usePasskeys();

    await load();
    expect(await remove(passkeys.value[0]!)).toBe(false);

    expect(error.value).toMatch(/log in again/i);
    expect(passkeys.value).toHaveLength(1);
  });

  it('turns a cancelled browser prompt into a calm message', () => {
    const cancelled = Object.assign(new Error('The operation either timed out or was not allowed.'), {
      name: 'NotAllowedError',
    });
    expect(passkeyErrorText(cancelled)).toMatch(/cancelled or timed out/);
  });
});
