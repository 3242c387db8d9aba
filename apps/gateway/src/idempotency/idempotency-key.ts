import { createHash } from 'node:crypto';
import { validationError } from '@bazaar/platform';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** As long as orders keeps it, since checkout hands the key on. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

/** Printable ASCII without spaces: a key is compared byte for byte, so nothing that proxies may rewrite. */
const KEY = new RegExp(`^[\\x21-\\x7e]{1,${IDEMPOTENCY_KEY_MAX_LENGTH}}$`);

/** The header's value, refused with 400 when it is malformed, or missing on a route that requires it. */
export function idempotencyKeyOf(
  header: string | string[] | undefined,
  required: boolean,
): string | undefined {
  if (header === undefined && !required) return undefined;
  if (typeof header !== 'string' || !KEY.test(header)) {
    throw validationError([
      {
        field: IDEMPOTENCY_KEY_HEADER,
        messages: [
          `${required ? 'a header' : 'when sent, one header'} of 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} ` +
            'printable characters without spaces is required',
        ],
      },
    ]);
  }
  return header;
}

/** Who a key belongs to: the signed-in user, else the client address (anonymous POSTs such as register). */
export function callerScope(userId: string | undefined, clientAddress: string): string {
  return userId ? `user:${userId}` : `client:${clientAddress}`;
}

/**
 * What makes two requests "the same request" for one key: the method, the route, the caller and a digest of
 * the body. The body is parsed JSON, hashed with its object keys sorted, so key order and spacing do not count.
 */
export function requestFingerprint(method: string, route: string, scope: string, body: unknown): string {
  const bodyDigest = createHash('sha256').update(canonicalJson(body)).digest('base64url');
  return createHash('sha256')
    .update(JSON.stringify([method, route, scope, bodyDigest]))
    .digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
