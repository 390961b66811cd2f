import { createHash, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * The signature algorithms a hop token may use, one per key type. The key decides: a token's
 * header names its algorithm, and a verifier accepts it only when that is the algorithm of the key
 * its kid names (no algorithm confusion).
 *
 * - `ES256` (ECDSA on P-256 with SHA-256, RFC 7518): what `npm run keys -- new` makes. With this
 *   Node's OpenSSL it signs in about 26 µs and verifies in about 68, against 36–48 and 107–114
 *   for Ed25519 (docs/benchmarks.md): the gateway signs once per subgraph call and every subgraph
 *   verifies once per call, so this is on both hot paths.
 * - `EdDSA` (Ed25519, RFC 8037): the first algorithm, still accepted and signed with, so a
 *   deployment moves over by an ordinary key rotation (docs/security.md).
 *
 * Both signatures are 64 bytes (ECDSA in the JWS's fixed-width r‖s form, not DER).
 */
export type HopAlgorithm = 'ES256' | 'EdDSA';

/** The algorithm new keys use. */
export const DEFAULT_HOP_ALGORITHM: HopAlgorithm = 'ES256';
export const HOP_ALGORITHMS: readonly HopAlgorithm[] = ['ES256', 'EdDSA'];
export const HOP_SIGNATURE_BYTES = 64;

/** A public key as published in a JWKS, with the kid (its RFC 7638 thumbprint), alg and use. */
export type HopPublicJwk =
  | { kty: 'EC'; crv: 'P-256'; x: string; y: string; kid: string; alg: 'ES256'; use: 'sig' }
  | { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };

/** A public key a verifier trusts, with the one algorithm tokens under it may use. */
export interface HopPublicKey {
  readonly alg: HopAlgorithm;
  readonly key: KeyObject;
}

export function isHopAlgorithm(value: unknown): value is HopAlgorithm {
  return value === 'ES256' || value === 'EdDSA';
}

/** The algorithm a key (private or public) signs or verifies with; undefined for any other kind of key. */
export function hopAlgorithmOf(key: KeyObject): HopAlgorithm | undefined {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  return undefined;
}

/** What a key is, in words, for error messages. */
export function describeKey(key: KeyObject): string {
  if (key.asymmetricKeyType === 'ec') return `an EC key on ${key.asymmetricKeyDetails?.namedCurve ?? 'an unknown curve'}`;
  return `a ${key.asymmetricKeyType ?? 'non-asymmetric'} key`;
}

export function signWith(alg: HopAlgorithm, data: Buffer, privateKey: KeyObject): Buffer {
  return alg === 'ES256' ? sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }) : sign(null, data, privateKey);
}

/** False for a bad signature, including one of the wrong length or shape (never throws). */
export function verifyWith(alg: HopAlgorithm, data: Buffer, publicKey: KeyObject, signature: Buffer): boolean {
  if (signature.length !== HOP_SIGNATURE_BYTES) return false;
  try {
    return alg === 'ES256' ? verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature) : verify(null, data, publicKey, signature);
  } catch {
    return false;
  }
}

/** RFC 7638 thumbprint (SHA-256, base64url) of a public JWK: its required members only, in lexicographic order. */
export function jwkThumbprint(jwk: { kty: string; crv: string; x: string; y?: string }): string {
  const required = jwk.kty === 'EC' ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(required)).digest('base64url');
}

/** The public JWK of a private or public key; undefined when the key is of no hop algorithm. */
export function hopPublicJwkOf(key: KeyObject): HopPublicJwk | undefined {
  const alg = hopAlgorithmOf(key);
  if (alg === undefined) return undefined;
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const exported = publicKey.export({ format: 'jwk' }) as { x: string; y?: string };
  if (alg === 'ES256') {
    const members = { kty: 'EC', crv: 'P-256', x: exported.x, y: exported.y! } as const;
    return { ...members, kid: jwkThumbprint(members), alg, use: 'sig' };
  }
  const members = { kty: 'OKP', crv: 'Ed25519', x: exported.x } as const;
  return { ...members, kid: jwkThumbprint(members), alg, use: 'sig' };
}

/**
 * The public key a JWKS entry holds, or a message saying what is wrong with it. Only the members a
 * key of its type needs are read; `alg`, when present, must be the one its key type has.
 */
export function hopPublicKeyFromJwk(entry: Record<string, unknown>): HopPublicKey | string {
  let alg: HopAlgorithm;
  let members: Record<string, string>;
  if (entry.kty === 'EC' && entry.crv === 'P-256' && typeof entry.x === 'string' && typeof entry.y === 'string') {
    alg = 'ES256';
    members = { kty: 'EC', crv: 'P-256', x: entry.x, y: entry.y };
  } else if (entry.kty === 'OKP' && entry.crv === 'Ed25519' && typeof entry.x === 'string') {
    alg = 'EdDSA';
    members = { kty: 'OKP', crv: 'Ed25519', x: entry.x };
  } else {
    return 'is not a hop public key (expected kty "EC" with crv "P-256", x and y, or kty "OKP" with crv "Ed25519" and x)';
  }
  if (entry.alg !== undefined && entry.alg !== alg) return `has alg ${JSON.stringify(entry.alg)}; a ${members.crv} key is "${alg}"`;
  try {
    return { alg, key: createPublicKey({ key: members, format: 'jwk' }) };
  } catch (error) {
    return `has an unreadable public key (${error instanceof Error ? error.message : String(error)})`;
  }
}

/** A new private key for an algorithm. */
export function generateHopPrivateKey(alg: HopAlgorithm): KeyObject {
  return alg === 'ES256' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey : generateKeyPairSync('ed25519').privateKey;
}
