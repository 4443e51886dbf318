import { type DocumentedProblem, problemException } from '../../common/problem/api-problems.decorator';

/** How many passkeys one account may register (docs/architecture.md › Passwordless sign-in). */
export const MAX_PASSKEYS = 20;

/** The passkey routes' documented failures; thrown with `problemException`, listed with `@ApiProblems`. */
export const PASSKEY_NOT_FOUND_PROBLEM: DocumentedProblem = [
  404,
  'NOT_FOUND',
  'You have no passkey with this id (unknown, removed, or another account’s).',
];
export const passkeyNotFound = () => problemException(PASSKEY_NOT_FOUND_PROBLEM);

export const TOO_MANY_PASSKEYS_PROBLEM: DocumentedProblem = [
  409,
  'TOO_MANY_PASSKEYS',
  `An account may have at most ${MAX_PASSKEYS} passkeys; remove one first.`,
];
export const tooManyPasskeys = () => problemException(TOO_MANY_PASSKEYS_PROBLEM);

export const PASSKEY_ALREADY_REGISTERED_PROBLEM: DocumentedProblem = [
  409,
  'PASSKEY_ALREADY_REGISTERED',
  'This passkey is already registered.',
];
export const passkeyAlreadyRegistered = () => problemException(PASSKEY_ALREADY_REGISTERED_PROBLEM);

export const PASSKEY_REGISTRATION_FAILED_PROBLEM: DocumentedProblem = [
  400,
  'PASSKEY_REGISTRATION_FAILED',
  'The passkey could not be verified: the challenge is unknown, used or expired, or the answer is not a ' +
    'valid, user-verified registration for this site. Ask for new options and try again.',
];
export const passkeyRegistrationFailed = () => problemException(PASSKEY_REGISTRATION_FAILED_PROBLEM);

/** The same answer as a wrong password: a failed passkey sign-in tells nothing about accounts or keys. */
export const PASSKEY_SIGN_IN_FAILED_PROBLEM: DocumentedProblem = [
  401,
  'INVALID_CREDENTIALS',
  'The passkey could not sign you in: the challenge is unknown, used or expired, or the passkey is not ' +
    'registered here, did not verify the user, or its signature is wrong.',
];
export const passkeySignInFailed = () => problemException(PASSKEY_SIGN_IN_FAILED_PROBLEM);
