import type { FastifyInstance } from 'fastify';
import type { FieldError } from '../problem/problem';
import { validationFailed } from '../problem/validation';
import { ILL_FORMED_TEXT_ERROR, NUL_IN_TEXT_ERROR } from './http.problems';

/** ES2024 String methods (Node 20 has them; the compiler's ES2023 library does not declare them). */
interface Es2024String {
  isWellFormed(): boolean;
  toWellFormed(): string;
}
const es2024 = (text: string) => text as unknown as Es2024String;

/**
 * Refuses a query or body with a lone UTF-16 surrogate anywhere (JSON allows `"\ud800"`) as 400
 * VALIDATION_FAILED naming the field, before any validator sees it: validators that encode text (the email
 * check does) throw URIError on such strings. Also refuses U+0000 (JSON allows `"\u0000"`), which PostgreSQL
 * text cannot hold: a query with it fails in the database (docs/architecture.md › Errors and bad input).
 */
export function refuseIllFormedText(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request) => {
    const error = badTextIn(request.query) ?? badTextIn(request.body);
    if (error !== undefined) throw validationFailed([error]);
  });
}

/** What is wrong with one string or key, if anything. */
function textErrorOf(text: string): typeof ILL_FORMED_TEXT_ERROR | undefined {
  if (!es2024(text).isWellFormed()) return ILL_FORMED_TEXT_ERROR;
  return text.includes('\u0000') ? NUL_IN_TEXT_ERROR : undefined;
}

/**
 * The field error of the first string or key in `value` that is not well-formed UTF-16 or holds U+0000,
 * named by its dotted path ('body' when `value` itself is one), or undefined when all are fine. Walks once,
 * breadth first through a list instead of recursing, so no input can overflow the stack, and outer fields
 * are named before inner ones; a bad key is named in a printable form.
 */
export function badTextIn(value: unknown): FieldError | undefined {
  const pending: [unknown, string][] = [[value, '']];
  for (let index = 0; index < pending.length; index++) {
    const [current, path] = pending[index];
    if (typeof current === 'string') {
      const error = textErrorOf(current);
      if (error) return { field: path || 'body', ...error };
    } else if (isPlainContainer(current)) {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        const error = textErrorOf(key);
        if (error) {
          return { field: es2024(childPath).toWellFormed().replaceAll('\u0000', '\\u0000'), ...error };
        }
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
