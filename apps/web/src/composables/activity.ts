import type { paths } from '@latchkey/api-client';
import { currentLocale, t } from '../i18n';

export type ActivityPage =
  paths['/api/v1/users/me/activity']['get']['responses'][200]['content']['application/json'];
export type ActivityItem = ActivityPage['items'][number];
export type AuditPage = paths['/api/v1/admin/audit']['get']['responses'][200]['content']['application/json'];
export type AuditItem = AuditPage['items'][number];
export type ActivityType = ActivityItem['type'];
type Details = ActivityItem['details'];
/** An event as far as its wording goes; `type` is any string, as the API may add types this SPA lacks. */
type EventLike = { type: string; details: Details };

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
  | 'deletion'
  | 'account'
  | 'other';

/** Where each kind's words live in the catalogue (activity.kinds.*). */
const KIND_KEY: Record<ActivityKind, string> = {
  'sign-in': 'signIn',
  'sign-in-failed': 'signInFailed',
  'sign-out': 'signOut',
  password: 'password',
  email: 'email',
  passkey: 'passkey',
  'two-step': 'twoStep',
  session: 'session',
  warning: 'warning',
  admin: 'admin',
  deletion: 'deletion',
  account: 'account',
  other: 'other',
};

/** The kind in words: the text equivalent of its icon. */
export const kindLabel = (kind: ActivityKind): string => t(`activity.kinds.${KIND_KEY[kind]}`);

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
  'account.deleted': 'deletion',
  'admin.image_deleted': 'deletion',
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

/**
 * Every type the API documents (ActivityType), each with its words in activity.types.<area>.<name>: the
 * record stops compiling when the API documents one more, so none is left to the generic wording by mistake.
 */
const TYPE_WORDS: Record<ActivityType, true> = {
  'account.signed_up': true,
  'account.email_confirmed': true,
  'auth.signed_in': true,
  'auth.sign_in_failed': true,
  'auth.signed_out': true,
  'auth.refresh_reuse_detected': true,
  'session.revoked': true,
  'account.password_changed': true,
  'account.password_set': true,
  'account.password_reset': true,
  'account.email_change_requested': true,
  'account.email_changed': true,
  'account.passkey_added': true,
  'account.passkey_renamed': true,
  'account.passkey_removed': true,
  'account.passkey_counter_regression': true,
  'account.mfa_enabled': true,
  'account.mfa_disabled': true,
  'account.recovery_codes_replaced': true,
  'account.recovery_code_used': true,
  'account.deleted': true,
  'admin.user_approved': true,
  'admin.user_disabled': true,
  'admin.user_enabled': true,
  'admin.role_changed': true,
  'admin.mfa_reset': true,
  'admin.image_updated': true,
  'admin.image_deleted': true,
};
const TYPES = Object.keys(TYPE_WORDS);

/** The detail values that have words (activity.<table>.<value>); any other value says nothing more. */
const WORDS = {
  methods: ['password', 'magic_link', 'passkey'],
  secondSteps: ['totp', 'recovery_code'],
  reasons: [
    'wrong_password',
    'account_locked',
    'device_locked',
    'disabled',
    'wrong_code',
    'mfa_failed',
    'wrong_verifier',
  ],
};
const REVOKED: Record<string, string> = { one: 'revokedOne', others: 'revokedOthers', all: 'revokedAll' };

const text = (details: Details, key: string): string | undefined => {
  const value = Object.hasOwn(details, key) ? details[key] : undefined;
  return typeof value === 'string' && value ? value : undefined;
};

/** A detail value in words, from a fixed list, so a value from the API never picks a key of its own. */
function wordFor(table: keyof typeof WORDS, details: Details, key: string): string | undefined {
  const value = text(details, key);
  return value && WORDS[table].includes(value) ? t(`activity.${table}.${value}`) : undefined;
}

function named(type: string, details: Details): string | undefined {
  const name = text(details, 'name');
  return name ? t('activity.variants.named', { sentence: t(`activity.types.${type}`), name }) : undefined;
}

/** Sentences that the details refine; undefined falls back to the type's own sentence. */
const VARIANTS: Record<string, (details: Details, type: string) => string | undefined> = {
  'auth.signed_in': (d) => {
    const method = wordFor('methods', d, 'method');
    const second = wordFor('secondSteps', d, 'secondStep');
    if (!method) return undefined;
    return second
      ? t('activity.variants.signedInWithBoth', { method, second })
      : t('activity.variants.signedInWith', { method });
  },
  'auth.sign_in_failed': (d) => {
    const reason = wordFor('reasons', d, 'reason');
    return reason ? t('activity.variants.signInFailedBecause', { reason }) : undefined;
  },
  'session.revoked': (d) => {
    const scope = text(d, 'scope');
    return scope && Object.hasOwn(REVOKED, scope) ? t(`activity.variants.${REVOKED[scope]}`) : undefined;
  },
  'account.passkey_added': (d, type) => named(type, d),
  'account.passkey_renamed': (d, type) => named(type, d),
  'account.passkey_removed': (d, type) => named(type, d),
  'account.recovery_code_used': (d) => {
    const left = d['recoveryCodesLeft'];
    return typeof left === 'number' ? t('activity.variants.recoveryCodesLeft', { count: left }) : undefined;
  },
  'admin.role_changed': (d) => {
    const role = text(d, 'role');
    if (role === 'admin') return t('activity.variants.madeAdmin');
    return role === 'user' ? t('activity.variants.noLongerAdmin') : undefined;
  },
};

/** The event as a sentence; a type this SPA does not know yet is named as the API sent it. */
export function sentenceOf(item: EventLike): string {
  if (!isKnownType(item.type)) return t('activity.other', { type: item.type });
  return VARIANTS[item.type]?.(item.details, item.type) ?? t(`activity.types.${item.type}`);
}

/** The types the SPA has words for, as the audit log's type filter offers them. */
export const KNOWN_TYPES = [...TYPES].sort() as ActivityType[];

/** Whether the SPA knows this type, and so whether its details are already said by its sentence. */
export function isKnownType(type: string): type is ActivityType {
  return TYPES.includes(type);
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
export function isSuspicious(item: EventLike): boolean {
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
  const format = new Intl.RelativeTimeFormat(currentLocale(), { numeric: 'auto' });
  for (const [unit, size] of RELATIVE_STEPS) {
    if (Math.abs(amount) < size) return format.format(Math.round(amount), unit);
    amount /= size;
  }
  return format.format(Math.round(amount), 'year');
}

export function exactTime(timestamp: string): string {
  return new Date(timestamp).toLocaleString(currentLocale(), { dateStyle: 'full', timeStyle: 'long' });
}
