import { createHash, createPrivateKey, generateKeyPairSync, KeyObject, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PublicJwk } from '@bazaar/contracts';

export interface SigningKey {
  kid: string;
  /** When the key was made; a key stops being published once its successor is older than a token's life. */
  createdAt: Date;
  privateKey: KeyObject;
  jwk: PublicJwk;
}

const KEY_FILE = /^(\d{8}T\d{6}Z)-[0-9a-f]{6}\.pem$/;

/** `20261124T221437Z-3fa2c1`: sorts by creation time, so the newest file is the signing key. */
export function newKid(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Writes a new RS256 key (PKCS#8 PEM, owner-only) into the folder; returns its kid. */
export function generateKeyFile(dir: string, now = new Date()): string {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const kid = newKid(now);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
  // Written under a temporary name and renamed, so a reader never sees half a key.
  const target = path.join(dir, `${kid}.pem`);
  fs.writeFileSync(`${target}.tmp`, pem, { mode: 0o600 });
  fs.renameSync(`${target}.tmp`, target);
  return kid;
}

/** Every key in the folder, oldest first. Files that are not `<kid>.pem` are ignored. */
export function readKeyFiles(dir: string): SigningKey[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => KEY_FILE.test(name))
    .sort()
    .map((name) => {
      const kid = name.slice(0, -'.pem'.length);
      const stamp = (KEY_FILE.exec(name) as RegExpExecArray)[1];
      const createdAt = new Date(
        `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:${stamp.slice(13, 15)}Z`,
      );
      return signingKey(kid, createdAt, createPrivateKey(fs.readFileSync(path.join(dir, name))));
    });
}

/** A key given as PEM text (production secrets); its kid is its RFC 7638 thumbprint. */
export function keyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem.replace(/\\n/g, '\n'));
  const { n, e } = privateKey.export({ format: 'jwk' });
  const thumbprint = createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('base64url');
  return signingKey(thumbprint, new Date(), privateKey);
}

function signingKey(kid: string, createdAt: Date, privateKey: KeyObject): SigningKey {
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error(`Signing key ${kid} is not an RSA key`);
  const { n, e } = privateKey.export({ format: 'jwk' });
  return {
    kid,
    createdAt,
    privateKey,
    jwk: { kty: 'RSA', kid, alg: 'RS256', use: 'sig', n, e },
  };
}
