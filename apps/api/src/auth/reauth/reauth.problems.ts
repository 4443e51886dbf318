import { type DocumentedProblem } from '../../common/problem/api-problems.decorator';
import { ProblemException } from '../../common/problem/problem';
import type { ReauthMethod } from './reauth-methods';

export const REAUTHENTICATION_REQUIRED_PROBLEM: DocumentedProblem = [
  403,
  'REAUTHENTICATION_REQUIRED',
  'Confirm it is you first (POST /auth/reauthenticate); `methods` lists the ways this account can.',
];

export const REAUTH_METHOD_UNAVAILABLE_PROBLEM: DocumentedProblem = [
  403,
  'REAUTH_METHOD_UNAVAILABLE',
  'This account cannot confirm it is you that way; `methods` lists the ways it can.',
];

export const INVALID_REAUTH_CODE_PROBLEM: DocumentedProblem = [
  400,
  'INVALID_REAUTH_CODE',
  'This code is wrong, already used or expired. Ask for a new one if needed.',
];

export const INVALID_PASSKEY_ASSERTION_PROBLEM: DocumentedProblem = [
  400,
  'INVALID_PASSKEY_ASSERTION',
  'The passkey could not confirm it is you: the challenge is unknown, used or expired, or the passkey is ' +
    'not one of this account’s, did not verify the user, or its signature is wrong. Ask for new options.',
];

export function reauthenticationRequired(methods: ReauthMethod[]): ProblemException {
  return withMethods(REAUTHENTICATION_REQUIRED_PROBLEM, methods);
}

export function reauthMethodUnavailable(methods: ReauthMethod[]): ProblemException {
  return withMethods(REAUTH_METHOD_UNAVAILABLE_PROBLEM, methods);
}

/** Both refusals tell the client what would work instead, so it can offer that at once. */
function withMethods([status, code, detail]: DocumentedProblem, methods: ReauthMethod[]): ProblemException {
  return new ProblemException(status, code, detail, undefined, {}, { methods });
}
