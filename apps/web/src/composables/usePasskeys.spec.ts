import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { useAuthStore } from '../stores/auth';
import { useReauthStore } from '../stores/reauth';
import { fakeApi, problem, profile, signedIn } from '../testing/fake-api';
import { passkeyErrorText, usePasskeys } from './usePasskeys';

const LIST = 'GET /api/v1/users/me/passkeys';
const PHONE = '11111111-1111-4111-8111-111111111111';
const KEY = '22222222-2222-4222-8222-222222222222';
const CHALLENGE = '33333333-3333-4333-8333-333333333333';

// The browser's ceremony answers at once: what matters here is what is sent around it.
vi.mock('@simplewebauthn/browser', () => ({
  browserSupportsWebAuthn: () => true,
  startRegistration: vi.fn(async () => ({ id: 'cred', rawId: 'cred', type: 'public-key', response: {} })),
}));

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

  describe('with a session older than the recent window', () => {
    /** DELETE and the registration routes want a recent session until POST /auth/reauthenticate succeeded. */
    function sensitiveRoutes() {
      let recent = false;
      const needsRecent = (answer: () => { status: number; body?: unknown }) => () =>
        recent
          ? answer()
          : { status: 403, body: { ...problem(403, 'REAUTHENTICATION_REQUIRED'), methods: ['passkey'] } };
      return fakeApi({
        [LIST]: () => ({ status: 200, body: [passkey(KEY, 'Key')] }),
        [`DELETE /api/v1/users/me/passkeys/${KEY}`]: needsRecent(() => ({ status: 204 })),
        'POST /api/v1/auth/passkeys/registration/options': needsRecent(() => ({
          status: 200,
          body: { challengeId: CHALLENGE, options: { challenge: 'abc' } },
        })),
        'POST /api/v1/auth/passkeys/registration': needsRecent(() => ({
          status: 201,
          body: { passkey: passkey(PHONE, 'Phone') },
        })),
        'POST /api/v1/auth/reauthenticate': () => {
          recent = true;
          return { status: 204 };
        },
      });
    }

    /** Waits for the confirmation dialog the store opens, then confirms with a password. */
    async function confirmWhenAsked(): Promise<void> {
      const reauth = useReauthStore();
      await vi.waitFor(() => expect(reauth.methods).toEqual(['passkey']));
      await reauth.reauthenticate({ password: 'lantern quietly orbiting plums' });
    }

    it('asks to confirm before removing, then removes', async () => {
      const auth = await signedInWithPasskeys(1);
      const api = sensitiveRoutes();
      const { passkeys, error, load, remove } = usePasskeys();
      await load();

      const removal = remove(passkeys.value[0]!);
      await confirmWhenAsked();

      expect(await removal).toBe(true);
      expect(error.value).toBe('');
      expect(passkeys.value).toEqual([]);
      expect(auth.user?.passkeyCount).toBe(0);
      expect(api.to(`DELETE /api/v1/users/me/passkeys/${KEY}`)).toHaveLength(2);
    });

    it('asks to confirm before adding, then runs the whole ceremony again', async () => {
      const auth = await signedInWithPasskeys(1);
      const api = sensitiveRoutes();
      const { passkeys, load, add } = usePasskeys();
      await load();

      const adding = add('Phone');
      await confirmWhenAsked();

      expect(await adding).toBe(true);
      expect(passkeys.value.map(({ name }) => name)).toEqual(['Key', 'Phone']);
      expect(auth.user?.passkeyCount).toBe(2);
      expect(api.to('POST /api/v1/auth/passkeys/registration/options')).toHaveLength(2);
      expect(JSON.parse(api.to('POST /api/v1/auth/passkeys/registration')[0]!.body)).toMatchObject({
        challengeId: CHALLENGE,
        name: 'Phone',
      });
    });

    it('keeps the passkey listed and says nothing changed when the person cancels the dialog', async () => {
      await signedInWithPasskeys(1);
      sensitiveRoutes();
      const { passkeys, error, load, remove } = usePasskeys();
      await load();
      const reauth = useReauthStore();

      const removal = remove(passkeys.value[0]!);
      await vi.waitFor(() => expect(reauth.methods).not.toBeNull());
      reauth.cancel();

      expect(await removal).toBe(false);
      expect(error.value).toMatch(/nothing was changed/i);
      expect(passkeys.value).toHaveLength(1);
    });
  });

  it('turns a cancelled browser prompt into a calm message', () => {
    const cancelled = Object.assign(new Error('The operation either timed out or was not allowed.'), {
      name: 'NotAllowedError',
    });
    expect(passkeyErrorText(cancelled)).toMatch(/cancelled or timed out/);
  });
});
