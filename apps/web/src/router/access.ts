import type { RouteLocationRaw } from 'vue-router';
import type { UserProfile } from '../stores/auth';

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
    return { redirect: { name: 'login', query: { redirect: target } }, reason: 'Log in to see that page.' };
  }
  if (access === 'signedIn') return null;
  if (!user.emailConfirmed) {
    return {
      redirect: { name: 'home' },
      reason: 'Confirm your email address first: open the link we sent you.',
    };
  }
  if (!user.approved) {
    return {
      redirect: { name: 'home' },
      reason: 'Your account is waiting for approval by an administrator.',
    };
  }
  if (access === 'admin' && user.role !== 'admin') {
    return { redirect: { name: 'home' }, reason: 'That page is for administrators.' };
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
