// Types of software-authenticator.cjs, for the TypeScript tests that use it.
import type { KeyObject } from 'node:crypto';

export interface RegistrationOptionsJson {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  excludeCredentials?: { id: string }[];
  authenticatorSelection?: Record<string, unknown>;
  pubKeyCredParams: { alg: number; type: string }[];
  attestation?: string;
}

export interface AuthenticationOptionsJson {
  challenge: string;
  rpId?: string;
  allowCredentials?: { id: string }[];
  userVerification?: string;
}

export interface StoredCredential {
  id: string;
  privateKey: KeyObject;
  /** base64url of the user handle the options gave (the account id). */
  userHandle: string;
  counter: number;
  /** Backup eligible and backed up, as at registration (an authenticator cannot change that later). */
  synced: boolean;
}

/** What a test may change to make an answer wrong in one way. */
export interface CeremonyTweaks {
  /** The page's origin (default: the authenticator's own). */
  origin?: string;
  /** The user-verified flag (default true). */
  userVerified?: boolean;
  /** At registration: synced (backup eligible and backed up) rather than bound to this device (default true). */
  synced?: boolean;
  /** The signature counter to report; by default the next one (or 0 for a counter-less authenticator). */
  counter?: number;
  /** clientData type (default "webauthn.create" / "webauthn.get"). */
  type?: string;
}

export interface RegistrationJson {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
  clientExtensionResults: Record<string, unknown>;
  authenticatorAttachment: 'platform';
}

export interface AssertionJson {
  id: string;
  rawId: string;
  type: 'public-key';
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string };
  clientExtensionResults: Record<string, unknown>;
  authenticatorAttachment: 'platform';
}

export declare class SoftwareAuthenticator {
  readonly origin: string;
  readonly counting: boolean;
  readonly credentials: StoredCredential[];
  /** `counting`: keep a signature counter (as security keys do); synced passkeys usually report 0 always. */
  constructor(origin: string, counting?: boolean);
  get rpId(): string;
  register(
    options: RegistrationOptionsJson,
    tweaks?: CeremonyTweaks,
    again?: StoredCredential,
  ): RegistrationJson;
  assert(
    options: AuthenticationOptionsJson,
    tweaks?: CeremonyTweaks,
    credential?: StoredCredential,
  ): AssertionJson;
}
