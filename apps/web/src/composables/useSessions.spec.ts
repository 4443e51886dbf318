import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { useAuthStore } from '../stores/auth';
import { fakeApi, problem, signedIn } from '../testing/fake-api';
import { useSessions } from './useSessions';

const LIST = 'GET /api/v1/users/me/sessions';
const THIS_ID = '11111111-1111-4111-8111-111111111111';
const OTHER_ID = '22222222-2222-4222-8222-222222222222';

function session(id: string, current: boolean) {
  return {
    id,
    device: current ? 'Chrome on Linux' : 'Firefox on Android',
    ip: '203.0.113.7',
    createdAt: '2026-11-20T08:15:00.000Z',
    lastUsedAt: '2026-11-22T09:40:00.000Z',
    current,
  };
}

async function signedInAuth() {
  fakeApi({ 'POST /api/v1/auth/login': () => ({ status: 200, body: signedIn('token-1') }) });
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

describe('useSessions', () => {
  it('lists the sessions with the access token, this device first', async () => {
    await signedInAuth();
    const api = fakeApi({
      [LIST]: () => ({ status: 200, body: [session(OTHER_ID, false), session(THIS_ID, true)] }),
    });
    const { sessions, load } = useSessions();
    await load();
    expect(sessions.value.map((s) => s.id)).toEqual([THIS_ID, OTHER_ID]);
    expect(api.to(LIST)[0]?.authorization).toBe('Bearer token-1');
  });

  it('revoking another session drops it from the list and keeps this one signed in', async () => {
    const auth = await signedInAuth();
    const api = fakeApi({
      [LIST]: () => ({ status: 200, body: [session(THIS_ID, true), session(OTHER_ID, false)] }),
      [`DELETE /api/v1/users/me/sessions/${OTHER_ID}`]: () => ({ status: 204 }),
    });
    const { sessions, load, revoke } = useSessions();
    await load();
    expect(await revoke(sessions.value[1]!)).toBe(true);
    expect(sessions.value.map((s) => s.id)).toEqual([THIS_ID]);
    expect(api.to(`DELETE /api/v1/users/me/sessions/${OTHER_ID}`)).toHaveLength(1);
    expect(auth.isSignedIn).toBe(true);
  });

  it('revoking the current session ends it here too', async () => {
    const auth = await signedInAuth();
    fakeApi({
      [LIST]: () => ({ status: 200, body: [session(THIS_ID, true)] }),
      [`DELETE /api/v1/users/me/sessions/${THIS_ID}`]: () => ({ status: 204 }),
    });
    const { sessions, load, revoke } = useSessions();
    await load();
    expect(await revoke(sessions.value[0]!)).toBe(true);
    expect(auth.isSignedIn).toBe(false);
    expect(auth.accessToken).toBeNull();
  });

  it('a session that had already ended (404) leaves the list without an error', async () => {
    await signedInAuth();
    fakeApi({ [LIST]: () => ({ status: 200, body: [session(THIS_ID, true), session(OTHER_ID, false)] }) });
    const { sessions, error, load, revoke } = useSessions();
    await load();
    expect(await revoke(sessions.value[1]!)).toBe(true);
    expect(sessions.value).toHaveLength(1);
    expect(error.value).toBe('');
  });

  it('shows what went wrong when the API refuses, and keeps the session listed', async () => {
    await signedInAuth();
    fakeApi({
      [LIST]: () => ({ status: 200, body: [session(THIS_ID, true), session(OTHER_ID, false)] }),
      [`DELETE /api/v1/users/me/sessions/${OTHER_ID}`]: () => ({
        status: 500,
        body: problem(500, 'INTERNAL', 'Something broke.'),
      }),
    });
    const { sessions, error, load, revoke } = useSessions();
    await load();
    expect(await revoke(sessions.value[1]!)).toBe(false);
    expect(error.value).toBe('Something broke.');
    expect(sessions.value).toHaveLength(2);
  });
});
