import { type DocumentedProblem } from '../../common/problem/api-problems.decorator';
import { ProblemException } from '../../common/problem/problem';
import type { ReauthMethod } from './reauth-methods';

export const REAUTHENTICATION_REQUIRED_PROBLEM: DocumentedProblem = [
  403,
  'REAUTHENTICATION_REQUIRED',
  'Confirm it is you first (POST /auth/reauthenticate); `methods` lists the ways this account can.',
];

export function reauthenticationRequired(methods: ReauthMethod[]): ProblemException {
  const [status, code, detail] = REAUTHENTICATION_REQUIRED_PROBLEM;
  return new ProblemException(status, code, detail, undefined, {}, { methods });
}
