import type { RouteLocationRaw } from 'vue-router';
import type { UserProfile } from '../stores/auth';
import { t } from '../i18n';

/**
 * Who may open a page, mirroring the API's guards (docs/architecture.md › Account states and guards):
 * - public: anyone;  guest: only when signed out (log in, sign up);
 * - signedIn: any session (profile);
 * - confirmed: the product, like the API's @Confirmed(): email confirmed, and approved when the server
 *   requires approval;
 * - admin: the admin role, on a confirmed account.
 */
export type Access = 'public' | 'guest' | 'signedIn' | 'confirmed' | 'admin';

export interface Refusal {
  redirect: RouteLocationRaw;
  /** Told to the person as a toast; none when the redirect explains itself. */
  reason?: string;
}

/** Null when `user` may open a page with this access level, else where to send them and why. */
export function refusalFor(access: Access, user: UserProfile | null, target: string): Refusal | null {
  if (access === 'public') return null;
  if (access === 'guest') return user ? { redirect: { name: 'home' } } : null;
  if (!user) {
    return { redirect: { name: 'login', query: { redirect: target } }, reason: t('nav.refusals.login') };
  }
  if (access === 'signedIn') return null;
  if (!user.emailConfirmed) {
    return {
      redirect: { name: 'home' },
      reason: t('nav.refusals.confirm'),
    };
  }
  if (!user.approved) {
    return {
      redirect: { name: 'home' },
      reason: t('nav.refusals.approval'),
    };
  }
  if (access === 'admin' && user.role !== 'admin') {
    return { redirect: { name: 'home' }, reason: t('nav.refusals.admin') };
  }
  return null;
}

/** Only paths inside the SPA: a `?redirect=` must never send anyone to another site. */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' &&
    value.startsWith('/') &&
    !value.startsWith('//') &&
    !value.includes('\\')
    ? value
    : '/';
}
