/**
 * The PKCE verifiers of the sign-in links this browser asked for (docs/architecture.md › Passwordless
 * sign-in): the API mails a link that
 * signs in only together with the verifier, so it stays here, in this browser's own storage, until the link
 * comes back or it expires. Kept per address, the newest request of each winning, as on the API.
 */
const STORAGE_KEY = 'latchkey.magicLinks';
/** The longest any mailed link lives: the first link of a sign-up without a password (1 hour). */
const KEEP_MS = 60 * 60 * 1000;

export interface PendingMagicLink {
  email: string;
  codeVerifier: string;
  /** When it was asked for (ms since the epoch). */
  askedAt: number;
}

/** A fresh verifier (RFC 7636: 43 characters here, from 32 random bytes) and its S256 challenge. */
export async function newPkcePair(): Promise<{ codeVerifier: string; codeChallenge: string }> {
  const codeVerifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(codeVerifier));
  return { codeVerifier, codeChallenge: base64Url(new Uint8Array(digest)) };
}

/** Keeps the verifier of a request for `email`, replacing an earlier one for that address. */
export function rememberMagicLink(email: string, codeVerifier: string, now = Date.now()): void {
  const others = pendingMagicLinks(now).filter((pending) => pending.email !== email);
  save([...others, { email, codeVerifier, askedAt: now }]);
}

/** The verifier for a code typed with `email`, if this browser asked for that address. */
export function verifierFor(email: string, now = Date.now()): string | undefined {
  return pendingMagicLinks(now).find((pending) => pending.email === email)?.codeVerifier;
}

/**
 * The verifier for a link opened here. A link does not say which request it answers, so it is the newest
 * one: whoever asks for links to two addresses in one browser opens the older with the code instead.
 */
export function newestMagicLink(now = Date.now()): PendingMagicLink | undefined {
  return pendingMagicLinks(now).sort((a, b) => b.askedAt - a.askedAt)[0];
}

/** After a sign-in the link and code are spent, and so is the verifier. */
export function forgetMagicLink(codeVerifier: string): void {
  save(pendingMagicLinks().filter((pending) => pending.codeVerifier !== codeVerifier));
}

function pendingMagicLinks(now = Date.now()): PendingMagicLink[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(stored)
      ? stored.filter((entry) => isPending(entry) && now - entry.askedAt < KEEP_MS)
      : [];
  } catch {
    return [];
  }
}

function isPending(entry: unknown): entry is PendingMagicLink {
  const { email, codeVerifier, askedAt } = (entry ?? {}) as Partial<PendingMagicLink>;
  return typeof email === 'string' && typeof codeVerifier === 'string' && typeof askedAt === 'number';
}

function save(entries: PendingMagicLink[]): void {
  if (entries.length) localStorage.setItem(STORAGE_KEY, JSON.stringify(entries));
  else localStorage.removeItem(STORAGE_KEY);
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
