import { TokenPair } from '@bazaar/contracts';

/** `POST /api/v1/auth/login`; fails the test unless it answers 200. */
export async function login(gatewayUrl: string, email: string, password: string): Promise<TokenPair> {
  const response = await fetch(`${gatewayUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200)
    throw new Error(`login as ${email}: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenPair;
}

/** JSON request headers, with a bearer token when given. */
export function jsonHeaders(accessToken?: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    ...(accessToken ? { authorization: `Bearer ${accessToken}` } : {}),
  };
}

/** Just the bearer token: for requests without a body (a JSON content type with no body is a 400). */
export function bearer(accessToken: string): Record<string, string> {
  return { authorization: `Bearer ${accessToken}` };
}
