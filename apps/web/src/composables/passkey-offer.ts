import { browserSupportsWebAuthn } from '@simplewebauthn/browser';
import type { UserProfile } from '../stores/auth';

/** The accounts (ids) that said "not now" to adding a passkey in this browser. */
const STORAGE_KEY = 'latchkey.passkeyOfferDismissed';

function dismissedIds(): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * Whether to offer a passkey after a sign-in by mailed link (docs/architecture.md › Passwordless sign-in):
 * the account has none yet, this browser can make one, and the person did not turn the offer down here.
 */
export function passkeyOfferFor(user: UserProfile | null): boolean {
  return !!user && user.passkeyCount === 0 && browserSupportsWebAuthn() && !dismissedIds().includes(user.id);
}

/** "Not now": the offer does not come back for this account in this browser. */
export function dismissPasskeyOffer(userId: string): void {
  const ids = dismissedIds();
  if (!ids.includes(userId)) localStorage.setItem(STORAGE_KEY, JSON.stringify([...ids, userId]));
}
