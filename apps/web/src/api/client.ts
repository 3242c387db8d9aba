import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from '../generated/api';
import { currentAccessToken } from '../session/token-store';

/** The whole API, typed from apps/gateway/openapi.json: a path or body the gateway does not have fails to compile. */
export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });

/** Every call carries the access token held in memory, if there is one. */
const bearer: Middleware = {
  onRequest({ request }) {
    const token = currentAccessToken();
    if (token && !request.headers.has('Authorization'))
      request.headers.set('Authorization', `Bearer ${token}`);
    return request;
  },
};
api.use(bearer);

/** A fresh key per attempt to place an order: a double click or a retry of one attempt reuses it, never a new one. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
