import { createHmac, createPrivateKey, createPublicKey, KeyObject, sign } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
}

/** The platform's current signing key, read from its keys folder (`<BAZAAR_HOME>/keys/<kid>.pem`). */
export function platformSigningKey(home: string): SigningKey {
  const dir = path.join(home, 'keys');
  const newest = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.pem'))
    .sort()
    .pop();
  if (!newest) throw new Error(`no signing key in ${dir}`);
  return { kid: newest.slice(0, -4), privateKey: createPrivateKey(fs.readFileSync(path.join(dir, newest))) };
}

/** An RS256 JWT signed with the given key: for tokens identity would never issue (expired, wrong audience...). */
export function signRs256(key: SigningKey, claims: Record<string, unknown>): string {
  const input = `${b64url({ alg: 'RS256', typ: 'JWT', kid: key.kid })}.${b64url(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/** The classic key-confusion attack: HS256 with the RSA public key (PEM) as the HMAC secret. */
export function signHs256WithPublicKey(key: SigningKey, claims: Record<string, unknown>): string {
  const publicPem = createPublicKey(key.privateKey).export({ format: 'pem', type: 'spki' }).toString();
  const input = `${b64url({ alg: 'HS256', typ: 'JWT', kid: key.kid })}.${b64url(claims)}`;
  return `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
}

/** An unsigned token (`alg: none`). */
export function unsignedToken(kid: string, claims: Record<string, unknown>): string {
  return `${b64url({ alg: 'none', typ: 'JWT', kid })}.${b64url(claims)}.`;
}
