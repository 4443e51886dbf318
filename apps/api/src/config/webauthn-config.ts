import { ConfigError } from './app-config';

/** Where passkeys are valid (docs/architecture.md, Passkeys). */
export interface WebAuthnConfig {
  /** The RP ID: a domain that is the host of PUBLIC_URL or one of its parents. */
  readonly rpId: string;
  /** The origins a ceremony may come from: PUBLIC_URL's own, plus WEBAUTHN_ORIGINS (apps, other subdomains). */
  readonly origins: readonly string[];
}

/** Android apps sign in as `android:apk-key-hash:<base64url of the signing certificate's SHA-256>`. */
const ANDROID_ORIGIN = /^android:apk-key-hash:[A-Za-z0-9_-]{43}$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * WEBAUTHN_RP_ID (default: PUBLIC_URL's host) and WEBAUTHN_ORIGINS (comma list), checked at start: a browser
 * refuses an RP ID that is not the page's host or a parent of it, so a wrong one would fail every ceremony.
 */
export function readWebAuthnConfig(env: NodeJS.ProcessEnv, publicUrl: string): WebAuthnConfig {
  const publicHost = new URL(publicUrl).hostname;
  const rpId = env.WEBAUTHN_RP_ID?.trim().toLowerCase() || publicHost;
  if (!DOMAIN.test(rpId)) throw new ConfigError(`WEBAUTHN_RP_ID must be a domain name (got "${rpId}")`);
  if (publicHost !== rpId && !publicHost.endsWith(`.${rpId}`)) {
    throw new ConfigError(
      `WEBAUTHN_RP_ID must be the host of PUBLIC_URL (${publicHost}) or a parent domain of it (got "${rpId}")`,
    );
  }
  const extra = (env.WEBAUTHN_ORIGINS ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean)
    .map((origin) => webOrAppOrigin(origin, rpId));
  return { rpId, origins: [...new Set([new URL(publicUrl).origin, ...extra])] };
}

function webOrAppOrigin(origin: string, rpId: string): string {
  if (ANDROID_ORIGIN.test(origin)) return origin;
  let url: URL | undefined;
  try {
    url = new URL(origin);
  } catch {
    url = undefined;
  }
  const isOrigin = url && ['http:', 'https:'].includes(url.protocol) && url.origin === origin;
  if (!url || !isOrigin) {
    throw new ConfigError(
      `WEBAUTHN_ORIGINS must list origins such as https://app.example.com or android:apk-key-hash:… (got "${origin}")`,
    );
  }
  if (url.hostname !== rpId && !url.hostname.endsWith(`.${rpId}`)) {
    throw new ConfigError(
      `WEBAUTHN_ORIGINS: ${origin} is not on WEBAUTHN_RP_ID (${rpId}) or a subdomain of it`,
    );
  }
  return origin;
}
