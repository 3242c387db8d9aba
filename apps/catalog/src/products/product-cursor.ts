/**
 * Keyset pagination cursor: the id of the last product of the page (ids are UUIDv7, so id order is creation
 * order). Opaque to clients so the ordering can change without breaking them.
 */
const PREFIX = 'p1:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(lastId: string): string {
  return Buffer.from(`${PREFIX}${lastId}`, 'utf8').toString('base64url');
}

/** The id after which the next page starts, or undefined when the cursor was not made by `encodeCursor`. */
export function decodeCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const id = text.slice(PREFIX.length);
  return UUID.test(id) ? id : undefined;
}
