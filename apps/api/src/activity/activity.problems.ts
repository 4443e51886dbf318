import { type DocumentedProblem, problemException } from '../common/problem/api-problems.decorator';

/** The activity lists' documented failures. */
export const INVALID_CURSOR_PROBLEM: DocumentedProblem = [
  400,
  'INVALID_CURSOR',
  'The cursor is not one this list handed out: start again without it.',
];
export const invalidCursor = () => problemException(INVALID_CURSOR_PROBLEM, 'cursor');
