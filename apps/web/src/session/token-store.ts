/**
 * The access token lives here, in memory only: never in localStorage or a readable cookie, so a script injected
 * into the page cannot carry it away after the tab closes. A reload starts without one; the session is resumed
 * from the HttpOnly refresh cookie (see session.tsx).
 */
let token: { value: string; expiresAt: number } | undefined;
const listeners = new Set<() => void>();

export function currentAccessToken(): string | undefined {
  return token && token.expiresAt > Date.now() ? token.value : undefined;
}

export function accessTokenExpiresAt(): number | undefined {
  return token?.expiresAt;
}

export function holdAccessToken(value: string, expiresInSeconds: number): void {
  token = { value, expiresAt: Date.now() + expiresInSeconds * 1000 };
  for (const listener of listeners) listener();
}

export function dropAccessToken(): void {
  token = undefined;
  for (const listener of listeners) listener();
}

export function onAccessTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
