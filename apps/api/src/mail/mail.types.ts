import type { Locale } from '../common/locale/locale';

/**
 * The contract between the modules that cause mail and the mail module that delivers it.
 * Callers enqueue inside their own transaction (OutboxService.enqueue(manager, mail)), so a mail exists
 * exactly when the change that caused it was committed.
 */
export const MAIL_TEMPLATE_NAMES = [
  'confirm-email',
  'email-already-registered',
  'email-change-new',
  'email-change-old',
  'email-change-taken',
  'account-deleted',
  'account-approved',
  'reset-password',
  'password-changed',
  'reauth-code',
  'passkey-added',
  'passkey-removed',
  'passkey-counter-regression',
  'magic-link',
  'passwordless-signup',
  'mfa-enabled',
  'mfa-disabled',
  'recovery-codes-replaced',
  'recovery-code-used',
  'new-sign-in',
] as const;
export type MailTemplateName = (typeof MAIL_TEMPLATE_NAMES)[number];

/**
 * A sign-in link and code, bound by PKCE to the browser that asked (docs/architecture.md, One-time secrets).
 */
interface SignInLinkData {
  nickname: string;
  signInUrl: string;
  /** Empty when too many wrong guesses paused codes for the account; the link still works. */
  code: string;
  expiresInMinutes: number;
}

/** A change to the account's two-step verification, with where to review it. */
interface MfaNoticeData {
  nickname: string;
  at: string;
  securityUrl: string;
}

export interface MailTemplateData {
  'confirm-email': {
    nickname: string;
    confirmUrl: string;
    expiresInHours: number;
    /** Only for an address in ADMIN_EMAILS: the forgot-password page, where its owner becomes admin. */
    adminSetupUrl?: string;
  };
  'email-already-registered': { loginUrl: string; resetUrl: string };
  'account-approved': { nickname: string; loginUrl: string };
  /** To the new address of an email change: the link that completes it. */
  'email-change-new': { nickname: string; newEmail: string; confirmUrl: string; expiresInHours: number };
  /** To the current address when a change was asked for, so a stranger's change does not go unnoticed. */
  'email-change-old': {
    nickname: string;
    newEmail: string;
    /** "This wasn't me": stops the change and ends every session. Optional only for rows queued before it. */
    cancelUrl?: string;
    resetUrl: string;
  };
  /** To a new address that already has an account: nothing changes, and its owner learns why no link came. */
  'email-change-taken': { loginUrl: string; resetUrl: string };
  'account-deleted': { nickname: string; signUpUrl: string };
  'reset-password': {
    nickname: string;
    resetUrl: string;
    linkExpiresInMinutes: number;
    /** Empty when too many wrong guesses paused codes for the account; the link still works. */
    code: string;
    codeExpiresInMinutes: number;
  };
  'password-changed': { nickname: string; changedAt: string; resetUrl: string };
  /** The code a signed-in person types to confirm it is them (POST /auth/reauthenticate/email). */
  'reauth-code': {
    nickname: string;
    /** Empty when too many wrong guesses paused codes for the account. */
    code: string;
    expiresInMinutes: number;
    /** The list of signed-in devices, for whoever did not ask: a session of theirs is in someone's hands. */
    sessionsUrl: string;
  };
  /** Notices of a passkey added to or removed from the account, with where to review them. */
  'passkey-added': { nickname: string; passkeyName: string; at: string; securityUrl: string };
  'passkey-removed': { nickname: string; passkeyName: string; at: string; securityUrl: string };
  /** A passkey's signature counter went back: it may have been copied; the sign-in was refused. */
  'passkey-counter-regression': { nickname: string; passkeyName: string; at: string; securityUrl: string };
  /** Notices of two-step verification turned on, turned off (by the owner or, `byAdmin`, an admin's reset). */
  'mfa-enabled': MfaNoticeData;
  'mfa-disabled': MfaNoticeData & { byAdmin: boolean };
  'recovery-codes-replaced': MfaNoticeData;
  /** A recovery code signed in; `remaining` are left, so the owner knows when to make new ones. */
  'recovery-code-used': MfaNoticeData & { remaining: number };
  'magic-link': SignInLinkData;
  /** The first mail of an account without a password: confirms the address and signs in. */
  'passwordless-signup': SignInLinkData;
  /** A sign-in from a device the account has not used lately (KnownDevices). */
  'new-sign-in': { nickname: string; at: string; device: string; ip: string; sessionsUrl: string };
}

export interface OutgoingMail<T extends MailTemplateName = MailTemplateName> {
  to: string;
  template: T;
  data: MailTemplateData[T];
  /** Owner of the mail, so it can be cancelled when the account is deleted. */
  userId?: string;
  /**
   * The language when the recipient has no account: the request's Accept-Language. An account at the
   * address, or else the `userId` account, always decides (OutboxService.enqueue).
   */
  locale?: Locale;
  /** Mail that is useless after this instant (its link expired) is never sent late. */
  expiresAt?: Date;
}
