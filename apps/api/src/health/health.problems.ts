import { DocumentedProblem } from '../common/problem/api-problems.decorator';
import { ProblemException } from '../common/problem/problem';
import type { ReadinessChecksDto } from './readiness.dto';

/** Readiness failed: a load balancer should route elsewhere until it passes. The mail server never causes it. */
export const NOT_READY_PROBLEM: DocumentedProblem = [
  503,
  'NOT_READY',
  'The database is unreachable or migrations are pending; `checks` says which.',
];

export function notReady(checks: ReadinessChecksDto): ProblemException {
  const [status, code, detail] = NOT_READY_PROBLEM;
  return new ProblemException(status, code, detail, undefined, {}, { checks: { ...checks } });
}
