import type { RouteLocationRaw } from 'vue-router';
import type { AccountState } from '../stores/auth';

export interface NavItem {
  /** The link text's key (i18n/locales/<language>/nav.json). */
  labelKey: string;
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
  { labelKey: 'nav.home', to: { name: 'home' }, for: ['guest', ...SIGNED_IN] },
  { labelKey: 'nav.gallery', to: { name: 'gallery' }, for: ['confirmed'] },
  { labelKey: 'nav.upload', to: { name: 'upload' }, for: ['confirmed'] },
  { labelKey: 'nav.profile', to: { name: 'profile' }, for: SIGNED_IN },
  { labelKey: 'nav.login', to: { name: 'login' }, for: ['guest'] },
  { labelKey: 'nav.signup', to: { name: 'signup' }, for: ['guest'] },
  { labelKey: 'nav.admin', to: { name: 'admin' }, for: ['confirmed'], adminOnly: true },
];

export function navItemsFor(state: AccountState, isAdmin = false): NavItem[] {
  return NAV_ITEMS.filter((item) => item.for.includes(state) && (isAdmin || !item.adminOnly));
}
