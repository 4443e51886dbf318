import type { RouteLocationRaw } from 'vue-router';
import type { AccountState } from '../stores/auth';

export interface NavItem {
  label: string;
  to: RouteLocationRaw;
  /** The account states that see the link. */
  for: readonly AccountState[];
  /** Shown to administrators only (on top of `for`). */
  adminOnly?: boolean;
}

const SIGNED_IN: readonly AccountState[] = ['unconfirmed', 'pending-approval', 'confirmed'];

/**
 * The navbar's links by account state: the product (gallery, upload) for confirmed accounts, as the guards
 * have it; "Log out" is a button in the header, not a link. The admin pages link to each other (AdminNav).
 */
export const NAV_ITEMS: readonly NavItem[] = [
  { label: 'Home', to: { name: 'home' }, for: ['guest', ...SIGNED_IN] },
  { label: 'Gallery', to: { name: 'gallery' }, for: ['confirmed'] },
  { label: 'Upload', to: { name: 'upload' }, for: ['confirmed'] },
  { label: 'Profile', to: { name: 'profile' }, for: SIGNED_IN },
  { label: 'Log in', to: { name: 'login' }, for: ['guest'] },
  { label: 'Sign up', to: { name: 'signup' }, for: ['guest'] },
  { label: 'Admin', to: { name: 'admin' }, for: ['confirmed'], adminOnly: true },
];

export function navItemsFor(state: AccountState, isAdmin = false): NavItem[] {
  return NAV_ITEMS.filter((item) => item.for.includes(state) && (isAdmin || !item.adminOnly));
}
