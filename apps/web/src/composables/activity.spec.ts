import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { detailsOf, isSuspicious, KNOWN_TYPES, kindOf, relativeTime, sentenceOf } from './activity';

describe('activity wording', () => {
  it.each([
    ['auth.signed_in', { method: 'passkey' }, 'Signed in with a passkey'],
    [
      'auth.signed_in',
      { method: 'password', secondStep: 'totp' },
      'Signed in with a password and an authenticator app code',
    ],
    ['auth.signed_in', { method: 'carrier_pigeon' }, 'Signed in'],
    ['auth.sign_in_failed', { reason: 'wrong_password' }, 'Failed sign-in: wrong password'],
    ['auth.sign_in_failed', {}, 'Failed sign-in'],
    ['session.revoked', { scope: 'others' }, 'Every other device was signed out'],
    ['account.passkey_added', { name: 'YubiKey' }, 'Passkey added: “YubiKey”'],
    ['admin.role_changed', { role: 'admin' }, 'Made an administrator'],
    ['account.recovery_code_used', { recoveryCodesLeft: 7 }, 'A recovery code was used; 7 left'],
    ['account.teleported', { to: 'Mars' }, 'Other activity (account.teleported)'],
    ['toString', {}, 'Other activity (toString)'],
    ['auth.sign_in_failed', { reason: 'constructor' }, 'Failed sign-in'],
  ])('%s %j reads “%s”', (type, details, sentence) => {
    expect(sentenceOf({ type, details })).toBe(sentence);
  });

  it('picks a kind by type, then by area, and “other” for the unknown', () => {
    expect(kindOf('auth.sign_in_failed')).toBe('sign-in-failed');
    expect(kindOf('account.password_reset')).toBe('password');
    expect(kindOf('account.passkey_something_new')).toBe('passkey');
    expect(kindOf('admin.anything')).toBe('admin');
    expect(kindOf('account.deleted')).toBe('deletion');
    expect(kindOf('admin.image_deleted')).toBe('deletion');
    expect(kindOf('billing.charged')).toBe('other');
  });

  it('offers “This wasn’t me” on sign-ins, failed sign-ins and new devices only', () => {
    expect(isSuspicious({ type: 'auth.signed_in', details: {} })).toBe(true);
    expect(isSuspicious({ type: 'auth.sign_in_failed', details: {} })).toBe(true);
    expect(isSuspicious({ type: 'auth.new_device_signed_in', details: {} })).toBe(true);
    expect(isSuspicious({ type: 'something.else', details: { newDevice: true } })).toBe(true);
    expect(isSuspicious({ type: 'account.password_changed', details: {} })).toBe(false);
  });

  it('lists the details of unknown types, leaving out empty ones', () => {
    expect(
      detailsOf({
        to: 'Mars',
        count: 2,
        ok: false,
        gone: null,
        blank: '',
        subjectPseudonym: 'p-1',
        actorPseudonym: 'p-2',
      }),
    ).toEqual([
      { label: 'to', value: 'Mars' },
      { label: 'count', value: '2' },
      { label: 'ok', value: 'false' },
    ]);
  });

  it('says the time relative to now in the largest whole unit', () => {
    const now = Date.parse('2026-12-06T12:00:00Z');
    const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
    expect(relativeTime('2026-12-06T11:59:30Z', now)).toBe(rtf.format(-30, 'second'));
    expect(relativeTime('2026-12-06T11:57:00Z', now)).toBe(rtf.format(-3, 'minute'));
    expect(relativeTime('2026-12-05T12:00:00Z', now)).toBe(rtf.format(-1, 'day'));
    expect(relativeTime('2024-11-06T12:00:00Z', now)).toBe(rtf.format(-2, 'year'));
  });

  it('has words for every type it knows, so none falls back to its key', () => {
    for (const type of KNOWN_TYPES) {
      expect(i18n.global.te(`activity.types.${type}`, 'en'), type).toBe(true);
    }
  });

  it('speaks German when the page does', () => {
    i18n.global.locale.value = 'de';
    expect(sentenceOf({ type: 'auth.signed_in', details: { method: 'passkey', secondStep: 'totp' } })).toBe(
      'Angemeldet mit einem Passkey und einem Code aus der Authenticator-App',
    );
    expect(sentenceOf({ type: 'account.teleported', details: {} })).toBe(
      'Sonstige Aktivität (account.teleported)',
    );
    const now = Date.parse('2026-12-06T12:00:00Z');
    expect(relativeTime('2026-12-06T11:57:00Z', now)).toBe('vor 3 Minuten');
  });
});
