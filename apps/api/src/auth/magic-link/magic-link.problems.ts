import { type DocumentedProblem, problemException } from '../../common/problem/api-problems.decorator';

/**
 * Every failure of POST /auth/magic-link/verify, whatever the cause (unknown, used, expired or replaced
 * link or code, wrong verifier, disabled account): one answer, so it tells a guesser nothing.
 */
export const INVALID_MAGIC_LINK_PROBLEM: DocumentedProblem = [
  400,
  'INVALID_TOKEN',
  'This link or code is invalid, already used or expired, or it was asked for in another browser. ' +
    'Ask for a new one.',
];
export const invalidMagicLink = () => problemException(INVALID_MAGIC_LINK_PROBLEM);
