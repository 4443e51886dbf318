import type { FastifyInstance } from 'fastify';
import { problemException } from '../problem/api-problems.decorator';
import { JSON_TOO_DEEP_PROBLEM, MALFORMED_JSON_PROBLEM, MAX_JSON_DEPTH } from './http.problems';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]); // [ {
const CLOSERS = new Set([0x5d, 0x7d]); // ] }

/**
 * Fastify's JSON parser (which already refuses __proto__ and constructor poisoning), with its failures turned
 * into stable problems; Nest would otherwise rewrap them as a generic 400. Bodies nested deeper than
 * MAX_JSON_DEPTH are refused before parsing: class-transformer and class-validator recurse once per level and
 * overflow the stack at about a thousand (docs/architecture.md, Errors and bad input).
 */
export function useStrictJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (nestsDeeperThan(body as string, MAX_JSON_DEPTH)) {
      done(problemException(JSON_TOO_DEEP_PROBLEM), undefined);
      return;
    }
    parse(request, body as string, (error, value) => {
      if (error) done(problemException(MALFORMED_JSON_PROBLEM), undefined);
      else done(null, value);
    });
  });
}

/**
 * Whether objects and arrays in the JSON text nest more than `limit` levels deep. One pass over the characters
 * with a counter, so that no input can make the check itself recurse; brackets inside strings do not count.
 * Malformed text is left for the parser to refuse.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH)
        index++; // the escaped character cannot end the string
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if (OPENERS.has(char)) {
      if (++depth > limit) return true;
    } else if (CLOSERS.has(char)) {
      depth--;
    }
  }
  return false;
}
