import { randomUUID } from 'node:crypto';
import { ProblemDetails, TokenPair } from '@bazaar/contracts';

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

/** The problem+json body of an error response, after checking what every error answer must satisfy. */
export async function problemOf(response: Response): Promise<ProblemDetails> {
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const body = (await response.json()) as ProblemDetails;
  expect(body.status).toBe(response.status);
  expect(body.requestId).toBe(response.headers.get('x-request-id'));
  expect(JSON.stringify(body)).not.toMatch(/at .+\.(js|ts):\d+/);
  return body;
}

/** A new shopper account (`POST /api/v1/auth/register`, then login): its access token. */
export async function registerShopper(gatewayUrl: string, label = 'shopper'): Promise<string> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const password = 'a perfectly fine passphrase';
  const registered = await fetch(`${gatewayUrl}/api/v1/auth/register`, {
    method: 'POST',
    headers: jsonHeaders(),
    body: JSON.stringify({ email, displayName: `A ${label}`, password }),
  });
  if (registered.status !== 201)
    throw new Error(`register ${email}: ${registered.status} ${await registered.text()}`);
  return (await login(gatewayUrl, email, password)).accessToken;
}

/** A shipping address every checkout in the tests can use. */
export const SHIPPING_ADDRESS = {
  name: 'Ada Shopper',
  line1: '1 Main St',
  city: 'Lyon',
  postalCode: '69001',
  country: 'FR',
} as const;
