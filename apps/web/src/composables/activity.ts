import type { paths } from '@latchkey/api-client';

export type ActivityPage =
  paths['/api/v1/users/me/activity']['get']['responses'][200]['content']['application/json'];
export type ActivityItem = ActivityPage['items'][number];
export type AuditPage = paths['/api/v1/admin/audit']['get']['responses'][200]['content']['application/json'];
export type AuditItem = AuditPage['items'][number];
type Details = ActivityItem['details'];

/** What an event is about: picks its icon, and the icon's text equivalent. */
export type ActivityKind =
  | 'sign-in'
  | 'sign-in-failed'
  | 'sign-out'
  | 'password'
  | 'email'
  | 'passkey'
  | 'two-step'
  | 'session'
  | 'warning'
  | 'admin'
  | 'account'
  | 'other';

export const KIND_LABEL: Record<ActivityKind, string> = {
  'sign-in': 'Sign-in',
  'sign-in-failed': 'Failed sign-in',
  'sign-out': 'Sign-out',
  password: 'Password',
  email: 'Email address',
  passkey: 'Passkey',
  'two-step': 'Two-step verification',
  session: 'Session',
  warning: 'Warning',
  admin: 'Administrator action',
  account: 'Account',
  other: 'Other activity',
};

const KIND_OF_TYPE: Record<string, ActivityKind> = {
  'auth.signed_in': 'sign-in',
  'auth.sign_in_failed': 'sign-in-failed',
  'auth.signed_out': 'sign-out',
  'auth.refresh_reuse_detected': 'warning',
  'account.passkey_counter_regression': 'warning',
  'session.revoked': 'session',
  'account.mfa_enabled': 'two-step',
  'account.mfa_disabled': 'two-step',
  'account.recovery_codes_replaced': 'two-step',
  'account.recovery_code_used': 'two-step',
};

/** By the exact type first, then by what the type's name is about, so new types of a known area still fit. */
export function kindOf(type: string): ActivityKind {
  if (Object.hasOwn(KIND_OF_TYPE, type)) return KIND_OF_TYPE[type]!;
  if (type.startsWith('admin.')) return 'admin';
  if (type.startsWith('account.password')) return 'password';
  if (type.startsWith('account.email')) return 'email';
  if (type.startsWith('account.passkey')) return 'passkey';
  if (type.startsWith('account.')) return 'account';
  return 'other';
}

const METHOD: Record<string, string> = {
  password: 'a password',
  magic_link: 'a sign-in link',
  passkey: 'a passkey',
};
const SECOND_STEP: Record<string, string> = {
  totp: 'an authenticator app code',
  recovery_code: 'a recovery code',
};
const FAILURE: Record<string, string> = {
  wrong_password: 'wrong password',
  account_locked: 'the account was locked after too many tries',
  device_locked: 'this device was locked out after too many tries',
  disabled: 'the account is disabled',
  wrong_code: 'wrong code',
  mfa_failed: 'the second step failed',
  wrong_verifier: 'the sign-in link was opened away from the browser that asked for it',
};
const REVOKED: Record<string, string> = {
  one: 'A device was signed out',
  others: 'Every other device was signed out',
  all: 'Every device was signed out',
};

/** A word from one of the tables above; a value from the API that names an Object method finds nothing. */
const wordFor = (table: Record<string, string>, key: string | undefined): string | undefined =>
  key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;

const text = (details: Details, key: string): string | undefined => {
  const value = Object.hasOwn(details, key) ? details[key] : undefined;
  return typeof value === 'string' && value ? value : undefined;
};

/** Sentences for the types the API documents; the details only refine them, so a missing one is harmless. */
const SENTENCES: Record<string, (details: Details) => string> = {
  'account.signed_up': () => 'Account created',
  'account.email_confirmed': () => 'Email address confirmed',
  'auth.signed_in': (d) => {
    const method = wordFor(METHOD, text(d, 'method'));
    const second = wordFor(SECOND_STEP, text(d, 'secondStep'));
    if (!method) return 'Signed in';
    return `Signed in with ${method}${second ? ` and ${second}` : ''}`;
  },
  'auth.sign_in_failed': (d) => {
    const reason = wordFor(FAILURE, text(d, 'reason'));
    return reason ? `Failed sign-in: ${reason}` : 'Failed sign-in';
  },
  'auth.signed_out': () => 'Signed out',
  'auth.refresh_reuse_detected': () => 'A sign-in token was used twice, so its session was ended to be safe',
  'session.revoked': (d) => wordFor(REVOKED, text(d, 'scope')) ?? 'A session was ended',
  'account.password_changed': () => 'Password changed',
  'account.password_set': () => 'Password set',
  'account.password_reset': () => 'Password reset with a link sent by email',
  'account.email_change_requested': () => 'Change of email address requested',
  'account.email_changed': () => 'Email address changed',
  'account.passkey_added': (d) => withName('Passkey added', d),
  'account.passkey_renamed': (d) => withName('Passkey renamed', d),
  'account.passkey_removed': (d) => withName('Passkey removed', d),
  'account.passkey_counter_regression': () =>
    'A passkey answered like a copy of itself, so its sign-in was refused',
  'account.mfa_enabled': () => 'Two-step verification turned on',
  'account.mfa_disabled': () => 'Two-step verification turned off',
  'account.recovery_codes_replaced': () => 'New recovery codes made; the old ones no longer work',
  'account.recovery_code_used': (d) => {
    const left = d['recoveryCodesLeft'];
    return typeof left === 'number' ? `A recovery code was used; ${left} left` : 'A recovery code was used';
  },
  'account.locale_changed': () => 'Language changed',
  'account.nickname_changed': () => 'Nickname changed',
  'account.deleted': () => 'Account deleted',
  'admin.user_approved': () => 'Account approved',
  'admin.user_disabled': () => 'Account disabled',
  'admin.user_enabled': () => 'Account enabled again',
  'admin.role_changed': (d) => {
    const role = text(d, 'role');
    return role === 'admin'
      ? 'Made an administrator'
      : role === 'user'
        ? 'No longer an administrator'
        : 'Role changed';
  },
  'admin.mfa_reset': () => 'Two-step verification reset',
  'admin.image_updated': () => 'Image changed',
  'admin.image_deleted': () => 'Image deleted',
};

function withName(sentence: string, details: Details): string {
  const name = text(details, 'name');
  return name ? `${sentence}: “${name}”` : sentence;
}

/** The event as a sentence; a type this SPA does not know yet is named as the API sent it. */
export function sentenceOf(item: Pick<ActivityItem, 'type' | 'details'>): string {
  return isKnownType(item.type) ? SENTENCES[item.type]!(item.details) : `Other activity (${item.type})`;
}

/** The types the SPA has words for, as the audit log's type filter offers them. */
export const KNOWN_TYPES: readonly string[] = Object.keys(SENTENCES).sort();

/** Whether the SPA knows this type, and so whether its details are already said by its sentence. */
export function isKnownType(type: string): boolean {
  return Object.hasOwn(SENTENCES, type);
}

/** Where a deleted account's rows keep its stable stand-in; shown as "Deleted account", never as is. */
export const PSEUDONYMS = ['subjectPseudonym', 'actorPseudonym'];

/** Details as label and value, for types the SPA has no sentence for: nothing in them is secret. */
export function detailsOf(details: Details): { label: string; value: string }[] {
  return Object.entries(details)
    .filter(([label, value]) => value !== null && value !== '' && !PSEUDONYMS.includes(label))
    .map(([label, value]) => ({ label, value: String(value) }));
}

/** Events a person should look at twice if they do not remember them: they offer "This wasn't me". */
export function isSuspicious(item: Pick<ActivityItem, 'type' | 'details'>): boolean {
  return (
    item.type === 'auth.signed_in' ||
    item.type === 'auth.sign_in_failed' ||
    item.type.includes('new_device') ||
    item.details['newDevice'] === true
  );
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
  ['week', 4.35],
  ['month', 12],
  ['year', Infinity],
];

/** "3 minutes ago", "yesterday": the time from `now`, in the largest unit that is at least one. */
export function relativeTime(timestamp: string, now = Date.now()): string {
  let amount = (Date.parse(timestamp) - now) / 1000;
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return format.format(Math.round(amount), 'year');
}

export function exactTime(timestamp: string): string {
  return new Date(timestamp).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'long' });
}
