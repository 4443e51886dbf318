import type { FastifyInstance } from 'fastify';
import { validationFailed } from '../problem/validation';
import { ILL_FORMED_TEXT_ERROR } from './http.problems';

/** ES2024 String methods (Node 20 has them; the compiler's ES2023 library does not declare them). */
interface Es2024String {
  isWellFormed(): boolean;
  toWellFormed(): string;
}
const es2024 = (text: string) => text as unknown as Es2024String;

/**
 * Refuses a query or body with a lone UTF-16 surrogate anywhere (JSON allows `"\ud800"`) as 400
 * VALIDATION_FAILED naming the field, before any validator sees it: validators that encode text (the email
 * check does) throw URIError on such strings (docs/architecture.md, Errors and bad input).
 */
export function refuseIllFormedText(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request) => {
    const field = illFormedTextIn(request.query) ?? illFormedTextIn(request.body);
    if (field !== undefined) throw validationFailed([{ field, ...ILL_FORMED_TEXT_ERROR }]);
  });
}

/**
 * The dotted path of a string or key in `value` that is not well-formed UTF-16 ('body' when `value` itself is
 * one), or undefined when all are. Walks breadth first through a list instead of recursing, so no input can
 * overflow the stack, and outer fields are named before inner ones.
 */
export function illFormedTextIn(value: unknown): string | undefined {
  const pending: [unknown, string][] = [[value, '']];
  for (let index = 0; index < pending.length; index++) {
    const [current, path] = pending[index];
    if (typeof current === 'string') {
      if (!es2024(current).isWellFormed()) return path || 'body';
    } else if (isPlainContainer(current)) {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        if (!es2024(key).isWellFormed()) return es2024(childPath).toWellFormed();
        pending.push([child, childPath]);
      }
    }
  }
  return undefined;
}

/** Parsed JSON and query objects; buffers and streams (uploads) are not text to look into. */
function isPlainContainer(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return Array.isArray(value) || prototype === Object.prototype || prototype === null;
}
