import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, ApiResponseOptions, getSchemaPath } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_CONTENT_TYPE, ProblemException, problemType } from './problem';
import { ProblemDetailsDto } from './problem-details.dto';

/** One documented failure: status, stable code, and when it happens. */
export type DocumentedProblem = [status: number, code: string, detail: string];

/**
 * The exception for a documented failure, so the answer and its documentation cannot drift apart. With
 * `field`, the problem also names the request field it is about, for a form to show it inline.
 */
export function problemException(
  [status, code, detail]: DocumentedProblem,
  field?: string,
): ProblemException {
  return new ProblemException(
    status,
    code,
    detail,
    field === undefined ? undefined : [{ field, code, message: detail }],
  );
}

/** Documents an operation's problem responses, one example per code, grouped by status. */
export function ApiProblems(...problems: DocumentedProblem[]) {
  const byStatus = new Map<number, DocumentedProblem[]>();
  for (const problem of problems) byStatus.set(problem[0], [...(byStatus.get(problem[0]) ?? []), problem]);
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...[...byStatus].map(([status, entries]) => ApiResponse(problemResponse(status, entries))),
  );
}

/** The OpenAPI response for problems of one status; callers may add to it (e.g. response headers). */
export function problemResponse(status: number, entries: DocumentedProblem[]): ApiResponseOptions {
  return {
    status,
    description: entries.map(([, code, detail]) => `\`${code}\`: ${detail}`).join(' '),
    content: {
      [PROBLEM_CONTENT_TYPE]: {
        schema: { $ref: getSchemaPath(ProblemDetailsDto) },
        examples: Object.fromEntries(
          entries.map(([, code, detail]) => [
            code,
            { value: { type: problemType(code), title: STATUS_CODES[status], status, detail, code } },
          ]),
        ),
      },
    },
  };
}

export const VALIDATION_PROBLEM: DocumentedProblem = [
  400,
  'VALIDATION_FAILED',
  'Some fields are missing or invalid; `errors` lists each.',
];
export const UNAUTHENTICATED_PROBLEM: DocumentedProblem = [
  401,
  'UNAUTHENTICATED',
  'No valid access token, or its session has ended.',
];
export const ADMIN_ONLY_PROBLEM: DocumentedProblem = [403, 'FORBIDDEN', 'Only administrators may do this.'];
export const EMAIL_NOT_CONFIRMED_PROBLEM: DocumentedProblem = [
  403,
  'EMAIL_NOT_CONFIRMED',
  'Confirm your email address first: follow the link in the mail we sent you.',
];
export const PENDING_APPROVAL_PROBLEM: DocumentedProblem = [
  403,
  'ACCOUNT_PENDING_APPROVAL',
  'Your account is waiting for an administrator to approve it.',
];
