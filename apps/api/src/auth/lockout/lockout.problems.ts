import type { DocumentedProblem } from '../../common/problem/api-problems.decorator';

export const INVALID_CURRENT_PASSWORD_PROBLEM: DocumentedProblem = [
  400,
  'INVALID_CURRENT_PASSWORD',
  'The current password is wrong.',
];

/** The answer to the wrong current password that ends the session; the next request is 401 UNAUTHENTICATED. */
export const TOO_MANY_WRONG_PASSWORDS_PROBLEM: DocumentedProblem = [
  401,
  'TOO_MANY_WRONG_PASSWORDS',
  'The current password was wrong too many times in a row, so this session has ended. Sign in again.',
];
