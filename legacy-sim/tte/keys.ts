import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The application's signing key and its QR payloads. The key is Ed25519 (node:crypto); the
 * seeded one is derived from the world's seed so a re-seed gives the same key (and the same QR
 * codes). A QR payload is `<base64url(JSON claims)>.<base64url(signature over that text)>`: any
 * change to the claims or the signature fails verification.
 */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export interface SigningKey {
  id: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export function keyFromSeed(id: string, seed: Buffer): SigningKey {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed.subarray(0, 32)]), format: 'der', type: 'pkcs8' });
  return { id, privateKey, publicKey: createPublicKey(privateKey) };
}

export function seededKey(worldSeed: number): SigningKey {
  return keyFromSeed('KUNCI-01', createHash('sha256').update(`tte-kunci-${worldSeed}`).digest());
}

export function keyFromPem(id: string, privatePem: string): SigningKey {
  const privateKey = createPrivateKey(privatePem);
  return { id, privateKey, publicKey: createPublicKey(privateKey) };
}

export function pemOf(key: SigningKey): { kunci_privat: string; kunci_publik: string } {
  return {
    kunci_privat: key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    kunci_publik: key.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

/** What the QR code carries: the signature's id and the document it vouches for. */
export interface QrClaims {
  id: string;
  jenis: string;
  no: string;
  hash: string;
  tgl: string;
  kid: string;
}

export function signQr(claims: QrClaims, key: SigningKey): string {
  const body = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
  return `${body}.${sign(null, Buffer.from(body, 'utf8'), key.privateKey).toString('base64url')}`;
}

/** The claims when the payload is well formed and signed by `key`; undefined when tampered. */
export function readQr(payload: string, keyFor: (kid: string) => SigningKey | undefined): QrClaims | undefined {
  const [body, signature, extra] = payload.trim().split('.');
  if (!body || !signature || extra !== undefined) return undefined;
  let claims: QrClaims;
  try {
    claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as QrClaims;
  } catch {
    return undefined;
  }
  if (!claims || typeof claims !== 'object' || typeof claims.kid !== 'string' || typeof claims.id !== 'string') return undefined;
  const key = keyFor(claims.kid);
  if (!key) return undefined;
  try {
    return verify(null, Buffer.from(body, 'utf8'), key.publicKey, Buffer.from(signature, 'base64url')) ? claims : undefined;
  } catch {
    return undefined;
  }
}
