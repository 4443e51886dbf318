type WebAuthn = typeof import('@simplewebauthn/server');

let loading: Promise<WebAuthn> | undefined;

/**
 * @simplewebauthn/server and its ASN.1/X.509 stack, loaded by the first passkey ceremony rather than at start:
 * most requests never need them, and they hold several MiB of code (docs/architecture.md › Passwordless sign-in).
 */
export function loadWebAuthn(): Promise<WebAuthn> {
  loading ??= import('@simplewebauthn/server');
  return loading;
}
