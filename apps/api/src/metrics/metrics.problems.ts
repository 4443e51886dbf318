import { type DocumentedProblem, problemException } from '../common/problem/api-problems.decorator';

/**
 * Without METRICS_TOKEN there are no metrics: the answer is the one any unknown path gets, so a scanner
 * learns nothing from it.
 */
export const METRICS_OFF_PROBLEM: DocumentedProblem = [
  404,
  'NOT_FOUND',
  'There are no metrics on this server.',
];
export const metricsOff = () => problemException(METRICS_OFF_PROBLEM);
export const METRICS_TOKEN_PROBLEM: DocumentedProblem = [
  401,
  'UNAUTHENTICATED',
  'The Authorization header must be `Bearer` followed by the server’s METRICS_TOKEN.',
];
export const wrongMetricsToken = () => problemException(METRICS_TOKEN_PROBLEM);
