import { type DocumentedProblem, problemException } from '../common/problem/api-problems.decorator';

/** The documented failure of both routes that take the token of a confirmation or email-change link. */
export const INVALID_EMAIL_LINK_PROBLEM: DocumentedProblem = [
  400,
  'INVALID_TOKEN',
  'This link is invalid, already used or expired. Ask for a new one.',
];
export const invalidToken = () => problemException(INVALID_EMAIL_LINK_PROBLEM);
