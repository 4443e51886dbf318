import { type DocumentedProblem } from '../problem/api-problems.decorator';

/** How deep objects and arrays may nest in a JSON body; the DTOs need two levels at most. */
export const MAX_JSON_DEPTH = 32;

/**
 * Failures of the request itself, before any route sees it: its body, URL or headers (docs/architecture.md,
 * Errors and bad input). Any operation may answer them, so they are listed in the document's description.
 */
export const MALFORMED_JSON_PROBLEM: DocumentedProblem = [
  400,
  'MALFORMED_JSON',
  'The request body is not valid JSON.',
];
export const JSON_TOO_DEEP_PROBLEM: DocumentedProblem = [
  400,
  'JSON_TOO_DEEP',
  `The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.`,
];
export const MALFORMED_URL_PROBLEM: DocumentedProblem = [
  400,
  'MALFORMED_URL',
  'The URL path has an invalid percent-encoding.',
];
export const URI_TOO_LONG_PROBLEM: DocumentedProblem = [
  414,
  'URI_TOO_LONG',
  'A segment of the URL path is longer than 100 characters.',
];
export const HEADERS_TOO_LARGE_PROBLEM: DocumentedProblem = [
  431,
  'HEADERS_TOO_LARGE',
  'The request headers are larger than the server accepts.',
];
export const REQUEST_TIMEOUT_PROBLEM: DocumentedProblem = [
  408,
  'REQUEST_TIMEOUT',
  'The request did not arrive in time.',
];
export const MALFORMED_REQUEST_PROBLEM: DocumentedProblem = [
  400,
  'MALFORMED_REQUEST',
  'The request is not valid HTTP/1.1.',
];

/** What an ill-formed text field gets, as one of the field errors of a VALIDATION_FAILED problem. */
export const ILL_FORMED_TEXT_ERROR = {
  code: 'IS_WELL_FORMED',
  message: 'Text must be well-formed Unicode: it has a lone UTF-16 surrogate.',
};

/** What a text field holding U+0000 gets: PostgreSQL text cannot store it. */
export const NUL_IN_TEXT_ERROR = {
  code: 'NO_NUL_CHARACTER',
  message: 'Text must not contain the NUL character (U+0000).',
};

/** The bad-input problems every operation may answer, for the OpenAPI document's description. */
export const REQUEST_PROBLEMS = [
  MALFORMED_JSON_PROBLEM,
  JSON_TOO_DEEP_PROBLEM,
  MALFORMED_URL_PROBLEM,
  URI_TOO_LONG_PROBLEM,
  HEADERS_TOO_LARGE_PROBLEM,
];
