import { type DocumentedProblem, problemException } from '../common/problem/api-problems.decorator';

/**
 * The development inbox's failures. It is a page for people and stays out of the OpenAPI document, but its
 * answers are problems like every other. A client that may not see the inbox gets the same answer as on a
 * server without one, so the network learns nothing about it.
 */
export const NO_DEV_INBOX_PROBLEM: DocumentedProblem = [
  404,
  'NOT_FOUND',
  'There is no development inbox on this server.',
];
export const noDevInbox = () => problemException(NO_DEV_INBOX_PROBLEM);
export const NO_SUCH_MESSAGE_PROBLEM: DocumentedProblem = [
  404,
  'NOT_FOUND',
  'No such message in the development inbox.',
];
export const noSuchMessage = () => problemException(NO_SUCH_MESSAGE_PROBLEM);
