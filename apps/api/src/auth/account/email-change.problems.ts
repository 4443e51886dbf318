import { DocumentedProblem } from '../../common/problem/api-problems.decorator';

/** The "this wasn't me" link of an email change notice is unknown, used, expired or of another purpose. */
export const INVALID_CANCEL_TOKEN_PROBLEM: DocumentedProblem = [
  400,
  'INVALID_TOKEN',
  'This link is invalid, already used or expired.',
];
