import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, base64url: unguessable, and never stored as is. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps: a leaked table yields no usable token. SHA-256 is enough for 256-bit secrets. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
