import type { FastifyInstance } from 'fastify';
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
    const illFormed = illFormedTextIn(request.query) ?? illFormedTextIn(request.body);
    if (illFormed !== undefined) throw validationFailed([{ field: illFormed, ...ILL_FORMED_TEXT_ERROR }]);
    const withNul = textWithNulIn(request.query) ?? textWithNulIn(request.body);
    if (withNul !== undefined) throw validationFailed([{ field: withNul, ...NUL_IN_TEXT_ERROR }]);
  });
}

/** The dotted path of a string or key in `value` that is not well-formed UTF-16, or undefined when all are. */
export function illFormedTextIn(value: unknown): string | undefined {
  return firstTextIn(value, (text) => !es2024(text).isWellFormed());
}

/** The dotted path of a string or key in `value` that holds U+0000, or undefined when none does. */
export function textWithNulIn(value: unknown): string | undefined {
  return firstTextIn(value, (text) => text.includes('\u0000'));
}

/**
 * The dotted path of the first string or key in `value` that `isBad` flags ('body' when `value` itself is
 * one). Walks breadth first through a list instead of recursing, so no input can overflow the stack, and
 * outer fields are named before inner ones; a bad key is named in well-formed form.
 */
function firstTextIn(value: unknown, isBad: (text: string) => boolean): string | undefined {
  const pending: [unknown, string][] = [[value, '']];
  for (let index = 0; index < pending.length; index++) {
    const [current, path] = pending[index];
    if (typeof current === 'string') {
      if (isBad(current)) return path || 'body';
    } else if (isPlainContainer(current)) {
      for (const [key, child] of Object.entries(current)) {
        const childPath = path ? `${path}.${key}` : key;
        if (isBad(key)) return es2024(childPath).toWellFormed().replaceAll('\u0000', '\\u0000');
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
