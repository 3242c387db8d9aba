/**
 * Keyset pagination cursor of the order lists, as catalog's (apps/catalog/src/products/product-cursor.ts): the id
 * of the last order of the page (UUIDv7, so id order is placing order), opaque to clients so the ordering can
 * change without breaking them.
 */
const PREFIX = 'o1:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeOrderCursor(lastId: string): string {
  return Buffer.from(`${PREFIX}${lastId}`, 'utf8').toString('base64url');
}

/** The id the next page continues from, or undefined when the cursor was not made by `encodeOrderCursor`. */
export function decodeOrderCursor(cursor: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,100}$/.test(cursor)) return undefined;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const id = text.slice(PREFIX.length);
  return UUID.test(id) ? id : undefined;
}
