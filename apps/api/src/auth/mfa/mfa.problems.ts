import { type DocumentedProblem, problemException } from '../../common/problem/api-problems.decorator';
import { ProblemException } from '../../common/problem/problem';

/** The problems of two-step verification (docs/architecture.md › Two-step verification). */
export const TOTP_ALREADY_ENABLED_PROBLEM: DocumentedProblem = [
  409,
  'TOTP_ALREADY_ENABLED',
  'Two-step verification is already on. Turn it off first to set up another app.',
];
export const TOTP_NOT_ENABLED_PROBLEM: DocumentedProblem = [
  409,
  'TOTP_NOT_ENABLED',
  'Two-step verification is not on for this account.',
];
export const NO_PENDING_TOTP_PROBLEM: DocumentedProblem = [
  409,
  'NO_PENDING_TOTP',
  'There is no set-up to confirm: start one with POST /users/me/mfa/totp.',
];
export const INVALID_TOTP_CODE_PROBLEM: DocumentedProblem = [
  400,
  'INVALID_TOTP_CODE',
  'That is not the current code of the app being set up. Check the device’s clock and try the next code.',
];
export const INVALID_MFA_TOKEN_PROBLEM: DocumentedProblem = [
  401,
  'INVALID_MFA_TOKEN',
  'This sign-in step is unknown, used or expired (5 minutes, 5 wrong codes). Sign in again.',
];
export const INVALID_MFA_CODE_PROBLEM: DocumentedProblem = [
  401,
  'INVALID_MFA_CODE',
  'The code is wrong, already used or expired; `triesLeft` says how many more this sign-in step takes.',
];
export const MFA_ENROLLMENT_REQUIRED_PROBLEM: DocumentedProblem = [
  403,
  'MFA_ENROLLMENT_REQUIRED',
  'Administrators need two-step verification or a passkey here: set one up on the security page first.',
];

export const totpAlreadyEnabled = () => problemException(TOTP_ALREADY_ENABLED_PROBLEM);
export const totpNotEnabled = () => problemException(TOTP_NOT_ENABLED_PROBLEM);
export const invalidMfaToken = () => problemException(INVALID_MFA_TOKEN_PROBLEM);

/** A refused code at sign-in, with the tries the step has left (0: the mfaToken is dead, sign in again). */
export function invalidMfaCode(triesLeft: number, field: 'code' | 'recoveryCode'): ProblemException {
  const [status, code, detail] = INVALID_MFA_CODE_PROBLEM;
  return new ProblemException(status, code, detail, [{ field, code, message: detail }], {}, { triesLeft });
}
