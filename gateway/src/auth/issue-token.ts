import { importPKCS8, SignJWT } from 'jose';
import { DEVELOPMENT_ISSUER, DEVELOPMENT_ONLY_TOKEN_PRIVATE_KEY_PEM, DEVELOPMENT_TOKEN_KID } from './development-issuer';
import type { Role } from '@core/context/roles';

/**
 * Signs a caller's token as an identity provider would: for development (`npm run token`, with
 * the built-in development issuer) and for tests (with a key of their own).
 */
export interface TokenRequest {
  sub: string;
  roles: Role[];
  tenant: string;
  region?: string;
  /** A resident's own NIK. */
  nik?: string;
  institution?: string;
  /** Extra scopes beyond the roles' own, space-separated in the token. */
  scopes?: string[];
  ttlS?: number;
  audience?: string;
}

export interface TokenKey {
  privateKeyPem: string;
  kid: string;
  issuer: string;
}

export const DEVELOPMENT_TOKEN_KEY: TokenKey = { privateKeyPem: DEVELOPMENT_ONLY_TOKEN_PRIVATE_KEY_PEM, kid: DEVELOPMENT_TOKEN_KID, issuer: DEVELOPMENT_ISSUER };

export async function issueToken(request: TokenRequest, key: TokenKey = DEVELOPMENT_TOKEN_KEY, now: number = Date.now()): Promise<string> {
  const claims: Record<string, unknown> = { roles: request.roles, tenant: request.tenant };
  if (request.region) claims.region = request.region;
  if (request.nik) claims.nik = request.nik;
  if (request.institution) claims.institution = request.institution;
  if (request.scopes?.length) claims.scope = request.scopes.join(' ');
  const iat = Math.floor(now / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(key.issuer)
    .setAudience(request.audience ?? 'gerbang')
    .setIssuedAt(iat)
    .setExpirationTime(iat + (request.ttlS ?? 3600))
    .sign(await importPKCS8(key.privateKeyPem, 'EdDSA'));
}
