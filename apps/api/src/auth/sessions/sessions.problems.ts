import { type DocumentedProblem, problemException } from '../../common/problem/api-problems.decorator';

/** The refresh route's documented failures; thrown with `problemException`, listed with `@ApiProblems`. */
export const INVALID_REFRESH_TOKEN_PROBLEM: DocumentedProblem = [
  401,
  'INVALID_REFRESH_TOKEN',
  'The refresh token is invalid, already used or expired, or its session has ended; sign in again.',
];
export const invalidRefreshToken = () => problemException(INVALID_REFRESH_TOKEN_PROBLEM);

/**
 * What a caller without an Origin header (a native app, a script) sends with a cookie refresh. A page of
 * another site cannot send it without a CORS preflight, which only CORS_ORIGINS pass.
 */
export const REFRESH_REQUEST_HEADER = 'X-Requested-With';

export const COOKIE_REFRESH_REFUSED_PROBLEM: DocumentedProblem = [
  403,
  'COOKIE_REFRESH_REFUSED',
  'A refresh with the cookie must be sent as application/json, from the site itself or an origin in ' +
    `CORS_ORIGINS, or without an Origin header and with an ${REFRESH_REQUEST_HEADER} header.`,
];
