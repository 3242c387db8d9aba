/**
 * Where to go after signing in: the `next` parameter when it is a path of this app, else the shop. Anything
 * else (`//evil.example`, `https://…`) is ignored, so a link cannot use the sign-in page to send people away.
 */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
