import { describe, expect, it } from 'vitest';
import { profile } from '../testing/fake-api';
import { refusalFor, safeRedirect, type Access } from './access';

const unconfirmed = profile({ emailConfirmed: false });
const pending = profile({ approved: false });
const confirmed = profile();
const admin = profile({ role: 'admin' });
const unconfirmedAdmin = profile({ role: 'admin', emailConfirmed: false });

/** Where each state ends up for each access level: null means the page opens. */
function destination(access: Access, user: ReturnType<typeof profile> | null) {
  const refusal = refusalFor(access, user, '/wanted?x=1');
  return refusal ? JSON.stringify(refusal.redirect) : null;
}

const HOME = JSON.stringify({ name: 'home' });
const LOGIN = JSON.stringify({ name: 'login', query: { redirect: '/wanted?x=1' } });

describe('refusalFor mirrors the API guards', () => {
  it.each([
    ['public', [null, null, null, null, null]],
    ['guest', [null, HOME, HOME, HOME, HOME]],
    ['signedIn', [LOGIN, null, null, null, null]],
    ['confirmed', [LOGIN, HOME, HOME, null, null]],
    ['admin', [LOGIN, HOME, HOME, HOME, null]],
  ] as const)('%s pages: guest, unconfirmed, pending approval, confirmed, admin', (access, expected) => {
    expect([null, unconfirmed, pending, confirmed, admin].map((user) => destination(access, user))).toEqual(
      expected,
    );
  });

  it('tells why, in the order the API checks: confirmation before approval before role', () => {
    expect(refusalFor('confirmed', unconfirmed, '/x')?.reason).toMatch(/confirm your email/i);
    expect(refusalFor('confirmed', pending, '/x')?.reason).toMatch(/waiting for approval/i);
    expect(refusalFor('admin', unconfirmedAdmin, '/x')?.reason).toMatch(/confirm your email/i);
    expect(refusalFor('admin', confirmed, '/x')?.reason).toMatch(/administrators/i);
    expect(refusalFor('guest', confirmed, '/login')?.reason).toBeUndefined();
  });
});

describe('safeRedirect', () => {
  it.each([
    ['/profile?tab=sessions', '/profile?tab=sessions'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    [undefined, '/'],
    [['/a', '/b'], '/'],
  ])('%s → %s', (value, expected) => {
    expect(safeRedirect(value)).toBe(expected);
  });
});
