import { QueryFailedError } from 'typeorm';

/** PostgreSQL's SQLSTATE for a duplicate key. */
const UNIQUE_VIOLATION = '23505';

/**
 * True when `error` is a duplicate key on the named unique index or constraint. Services pre-check nothing
 * that such an index guarantees: the index is the only check two parallel requests cannot both pass.
 */
export function isUniqueViolation(error: unknown, indexName: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const { code, constraint } = error.driverError as { code?: string; constraint?: string };
  return code === UNIQUE_VIOLATION && constraint === indexName;
}
