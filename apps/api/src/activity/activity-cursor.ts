/** Where a page of the activity ends: the last row's time (to the microsecond, as stored) and id. */
export interface ActivityPosition {
  /** ISO 8601 in UTC with six fractional digits, as PostgreSQL keeps a timestamptz. */
  occurredAt: string;
  id: string;
}

const POSITION = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SEPARATOR = ' ';

/** The opaque `nextCursor`: base64url, so clients pass it in a query string as it is. */
export function encodeCursor({ occurredAt, id }: ActivityPosition): string {
  return Buffer.from(`${occurredAt}${SEPARATOR}${id}`, 'utf8').toString('base64url');
}

/**
 * The position a cursor names, or undefined for anything this API did not hand out (garbled, forged, a date
 * that does not exist): checked here so that nothing malformed reaches the query.
 */
export function decodeCursor(cursor: string): ActivityPosition | undefined {
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(cursor)) return undefined;
  const [occurredAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split(SEPARATOR);
  const parts = POSITION.exec(occurredAt ?? '');
  if (!parts || rest.length > 0 || !UUID.test(id ?? '')) return undefined;
  const [year, month, day, hour, minute, second] = parts.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 February over into March: a date that changes on the way is not a real one.
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 19) !== occurredAt.slice(0, 19))
    return undefined;
  return { occurredAt, id };
}
