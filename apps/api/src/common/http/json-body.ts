import { HttpStatus } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { ProblemException } from '../problem/problem';

/**
 * Fastify's JSON parser (which already refuses __proto__ and constructor poisoning), with its failures turned
 * into a stable MALFORMED_JSON problem; Nest would otherwise rewrap them as a generic 400.
 */
export function useStrictJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, body as string, (error, value) => {
      if (error) {
        done(
          new ProblemException(
            HttpStatus.BAD_REQUEST,
            'MALFORMED_JSON',
            'The request body is not valid JSON.',
          ),
          undefined,
        );
      } else {
        done(null, value);
      }
    });
  });
}
