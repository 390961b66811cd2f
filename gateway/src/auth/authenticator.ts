import { statSync, readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Principal } from '@core/context/request-context';
import { ErrorCode, GerbangError } from '@core/errors';
import { regions } from '@core/domain/regions';
import type { Tenants } from '@core/tenants';
import { DEVELOPMENT_ISSUER, DEVELOPMENT_ONLY_TOKEN_PUBLIC_JWK } from './development-issuer';
import { VerifiedTokens } from './verified-tokens';
import { isRole, REGIONAL_ROLES, ROLE_SCOPES, SERVICE_ROLES, type Role } from '@core/context/roles';

/**
 * Who is calling: the gateway verifies the caller's bearer token (a JWT from the city's identity
 * provider, checked with jose against a JWKS file or URL, several keys at once so they can be
 * rotated; signature, expiry, issuer and audience) and turns its claims into the principal and
 * tenant that every subgraph receives in the hop token. A request without a token is anonymous;
 * what anonymous callers may see is decided by the schema's rules, not here.
 */
export type TokenKeys =
  | { kind: 'file'; path: string }
  | { kind: 'url'; url: string }
  | { kind: 'development' }
  /** No identity provider configured: tokens are refused, every caller is anonymous. */
  | { kind: 'none' };

export interface AuthenticationSettings {
  keys: TokenKeys;
  issuer: string;
  audience: string;
  clockToleranceS: number;
}

export interface Caller {
  principal: Principal;
  /** The tenant the token names; undefined for anonymous callers. */
  tenant: string | undefined;
}

const ANONYMOUS_CALLER: Caller = Object.freeze({ principal: Object.freeze({ kind: 'anonymous' as const }), tenant: undefined });
const ALGORITHMS = ['EdDSA', 'ES256', 'RS256', 'PS256'];

function refused(reason: string, message: string): GerbangError {
  return new GerbangError(ErrorCode.UNAUTHENTICATED, message, { reason, http: { status: 401, headers: new Map([['www-authenticate', 'Bearer error="invalid_token"']]) } });
}

/** The keys tokens are checked with, and a number that changes whenever the set does (forgets remembered tokens). */
interface KeySource {
  getKey: JWTVerifyGetKey;
  generation(): number;
}

/** A JWKS file, read again when it changes (checked at most once a second). */
function fileKeys(path: string): KeySource {
  let stamp = '';
  let keys: JWTVerifyGetKey | undefined;
  let checkedAt = 0;
  let generation = 0;
  const load = () => {
    const s = statSync(path);
    const next = `${s.ino}:${s.size}:${s.mtimeMs}`;
    if (next !== stamp || !keys) {
      keys = createLocalJWKSet(JSON.parse(readFileSync(path, 'utf8')) as Parameters<typeof createLocalJWKSet>[0]);
      stamp = next;
      generation += 1;
    }
  };
  const refresh = () => {
    const now = Date.now();
    if (now - checkedAt <= 1_000) return;
    checkedAt = now;
    try {
      load();
    } catch {
      // A file being replaced or broken: keep the keys in use until a good one is there.
    }
  };
  load();
  return {
    getKey: (header, token) => {
      refresh();
      return keys!(header, token);
    },
    generation: () => {
      refresh();
      return generation;
    },
  };
}

function keySet(keys: TokenKeys): KeySource | undefined {
  const fixed = (getKey: JWTVerifyGetKey): KeySource => ({ getKey, generation: () => 0 });
  switch (keys.kind) {
    case 'file':
      return fileKeys(keys.path);
    case 'url':
      // jose refreshes a remote set itself; remembered tokens are bounded by their maximum age.
      return fixed(createRemoteJWKSet(new URL(keys.url), { timeoutDuration: 2_000, cooldownDuration: 30_000 }));
    case 'development':
      return fixed(createLocalJWKSet({ keys: [DEVELOPMENT_ONLY_TOKEN_PUBLIC_JWK] }));
    case 'none':
      return undefined;
  }
}

function reasonOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'EXPIRED';
  if (error instanceof errors.JWTClaimValidationFailed) return error.claim === 'aud' ? 'WRONG_AUDIENCE' : error.claim === 'iss' ? 'WRONG_ISSUER' : 'BAD_CLAIMS';
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'BAD_SIGNATURE';
  if (error instanceof errors.JWKSNoMatchingKey) return 'UNKNOWN_KEY';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'ALGORITHM_NOT_ALLOWED';
  if (error instanceof errors.JWKSTimeout) return 'KEYS_UNAVAILABLE';
  return 'MALFORMED';
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

export class Authenticator {
  private readonly keys: KeySource | undefined;
  private verified = new VerifiedTokens<Caller>();
  private keyGeneration = 0;

  constructor(
    private readonly settings: AuthenticationSettings,
    private readonly tenants: Tenants,
  ) {
    this.keys = keySet(settings.keys);
  }

  get development(): boolean {
    return this.settings.keys.kind === 'development';
  }

  /** The caller behind an Authorization header value; throws UNAUTHENTICATED (401) with a `reason`. */
  async authenticate(authorization: string | undefined): Promise<Caller> {
    if (authorization === undefined || authorization === '') return ANONYMOUS_CALLER;
    const match = /^Bearer ([A-Za-z0-9_.-]{10,8192})$/.exec(authorization);
    if (!match) throw refused('NOT_BEARER', 'Send the token as "Authorization: Bearer <token>".');
    if (!this.keys) throw refused('NO_KEYS', 'This gateway accepts no tokens (no identity provider is configured).');
    const token = match[1]!;
    const generation = this.keys.generation();
    if (generation !== this.keyGeneration) {
      // The key set changed (a key removed, perhaps): verify every token again.
      this.verified = new VerifiedTokens<Caller>();
      this.keyGeneration = generation;
    }
    const known = this.verified.get(token);
    if (known) return known;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys.getKey, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: this.settings.clockToleranceS,
        algorithms: ALGORITHMS,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      const reason = reasonOf(error);
      throw refused(reason, reason === 'EXPIRED' ? 'The token has expired; sign in again.' : 'The token is not valid for this gateway.');
    }
    // Shared by every request that brings this token until it is forgotten: nobody may change it.
    const caller = deepFreeze(this.callerFrom(payload));
    this.verified.set(token, caller, Number(payload.exp));
    return caller;
  }

  private callerFrom(payload: JWTPayload): Caller {
    const roles = stringList(payload.roles);
    if (!roles || roles.length === 0 || !roles.every(isRole)) throw refused('BAD_CLAIMS', 'The token names no known role.');
    const tenant = typeof payload.tenant === 'string' ? payload.tenant : '';
    if (!this.tenants.has(tenant)) throw refused('UNKNOWN_TENANT', 'The token names no tenant this gateway serves.');
    const extra = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
    const scopes = [...new Set([...(roles as Role[]).flatMap((r) => ROLE_SCOPES[r]), ...extra])].sort();
    const id = String(payload.sub);
    if ((roles as Role[]).every((r) => SERVICE_ROLES.has(r))) return { principal: { kind: 'service', id, roles, scopes }, tenant };
    const principal: Principal = { kind: 'user', id, roles, scopes };
    if (typeof payload.region === 'string') {
      const regency = this.tenants.get(tenant)!.regencyCode;
      const inTenant = payload.region === regency || payload.region.startsWith(`${regency}.`);
      if (!regions().get(payload.region) || !inTenant) throw refused('BAD_CLAIMS', 'The token names a region outside its tenant.');
      principal.region = payload.region;
    } else if ((roles as Role[]).some((r) => REGIONAL_ROLES.has(r))) {
      throw refused('BAD_CLAIMS', 'An officer\'s or kelurahan operator\'s token must name the region they serve.');
    }
    if (typeof payload.nik === 'string') {
      if (!/^\d{16}$/.test(payload.nik)) throw refused('BAD_CLAIMS', 'The token\'s NIK is not 16 digits.');
      principal.nik = payload.nik;
    } else if (roles.includes('RESIDENT')) {
      throw refused('BAD_CLAIMS', 'A resident\'s token must carry their NIK.');
    }
    if (typeof payload.institution === 'string') principal.institution = payload.institution;
    return { principal, tenant };
  }
}

export { DEVELOPMENT_ISSUER };
