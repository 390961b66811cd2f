import { createHash, randomFillSync, type KeyObject } from 'node:crypto';
import { isHopAlgorithm, signWith, verifyWith, type HopAlgorithm, type HopPublicKey } from './hop-algorithms';
import type { Principal, RequestContext } from './request-context';

/**
 * The hop token: how the gateway tells one subgraph, for one call, who is asking and for which
 * tenant, in a way that subgraph can check and nobody else can forge or replay.
 *
 * It is a compact JWS (`header.payload.signature`, base64url, RFC 7515) signed by the gateway's
 * private key, ES256 or Ed25519 (`alg: ES256` or `EdDSA`, hop-algorithms.ts: the key decides);
 * subgraphs hold only public keys (hop-keys.ts), so a compromised subgraph cannot sign for the
 * others. Each token is bound to:
 *   - one subgraph (`aud`): a token made for population is refused by civil-registry;
 *   - a few seconds (`iat`/`exp`, default 10 s, with a small allowed clock skew; issue times in
 *     the future beyond the skew are refused);
 *   - one request body (`bh`, SHA-256 of the exact bytes sent): a captured header cannot carry
 *     another query;
 *   - one use (`jti`, checked by a ReplayGuard in each subgraph process).
 *
 * Signing is synchronous (`crypto.sign` with a cached KeyObject): it runs for every subgraph call
 * on the gateway's hot path. See docs in hop-keys.ts for keys, rotation and development mode.
 */
export const CONTEXT_HEADER = 'x-gerbang-context';
export const REQUEST_ID_HEADER = 'x-request-id';
export const HOP_TOKEN_TYPE = 'gerbang-hop+jwt';
/** Default lifetime of a hop token, seconds. */
export const DEFAULT_HOP_TTL_S = 10;
/** Default allowed clock difference between gateway and subgraph, seconds. */
export const DEFAULT_HOP_CLOCK_SKEW_S = 2;
/** Longest lifetime a verifier accepts (bounds what a captured header is worth and the replay memory). */
export const MAX_HOP_TTL_S = 300;

/**
 * 'call': a GraphQL call, bound to its body. 'probe': a readiness probe (no body). 'upload': a file
 * streamed to a subgraph's /uploads, bound to its descriptor (the x-gerbang-upload header), not to
 * the file's bytes, which are not known before they have streamed through; the token is single-use
 * (jti) and short-lived, so it cannot carry a second file. 'webhook': a partner's callback the
 * gateway relays to a subgraph's /webhooks/<partner>, bound to its raw body, with no principal
 * (anonymous: the partner proves itself by its own signature, which the subgraph checks).
 */
export type HopKind = 'call' | 'probe' | 'upload' | 'webhook';

export interface HopClaims {
  /** Audience: the name of the subgraph this call is for. */
  aud: string;
  /** Issued at, seconds since the epoch (JWT NumericDate). */
  iat: number;
  /** Expires at, seconds since the epoch. */
  exp: number;
  /** Random, unique per call: a second use is a replay. */
  jti: string;
  /** The gateway's request id. */
  rid: string;
  /** The client's correlation id, when it sent one. */
  cid?: string;
  /** The caller's stated purpose for reading personal data, when given. */
  pu?: string;
  /** Principal. */
  p: Principal;
  /** Tenant (regency) id. */
  t: string;
  /** Milliseconds left of the request's deadline when the token was signed. */
  dl: number;
  /** base64url SHA-256 of the exact request body; absent for probes. */
  bh?: string;
  /** 'call' for a GraphQL call, 'probe' for a readiness probe (which carries no body), 'upload' for a file. */
  k: HopKind;
}

/** What the caller of signHop gives; the time claims and the jti are added when signing. */
export type HopClaimsInput = Omit<HopClaims, 'iat' | 'exp' | 'jti'>;

/** The gateway's current signing key (see HopSigner in hop-keys.ts). */
export interface HopSigningKey {
  readonly kid: string;
  readonly alg: HopAlgorithm;
  readonly privateKey: KeyObject;
  /** The encoded JWS header for this key, computed once. */
  readonly encodedHeader: string;
}

/** What signHop needs: implemented by HopSigner (hop-keys.ts). */
export interface HopSigningKeys {
  /** Lifetime of the tokens it signs, seconds. */
  readonly ttlSeconds: number;
  /** The key to sign with now (may change on reload; each call reads it once). */
  signingKey(): HopSigningKey;
}

/** What verifyHop needs: implemented by HopVerifier (hop-keys.ts). */
export interface HopVerificationKeys {
  /** Allowed clock difference, seconds. */
  readonly clockSkewSeconds: number;
  /** The process's replay guard, used when verifyHop is not given one. */
  readonly replayGuard?: ReplayGuard;
  /**
   * The public key with this key id; 'DEV_KEY_REFUSED' for the built-in development key outside
   * development mode; undefined for a key id it does not know.
   */
  keyFor(kid: string): HopPublicKey | 'DEV_KEY_REFUSED' | undefined;
}

export type HopRefusal =
  | 'MISSING'
  | 'MALFORMED'
  | 'UNKNOWN_KEY'
  | 'BAD_SIGNATURE'
  | 'WRONG_AUDIENCE'
  | 'EXPIRED'
  | 'ISSUED_IN_FUTURE'
  | 'REPLAYED'
  | 'BODY_MISMATCH'
  | 'DEV_KEY_REFUSED';

/** One line per refusal for operators: what to check. For logs and /readyz. */
export const HOP_REFUSAL_HINTS: Readonly<Record<HopRefusal, string>> = Object.freeze({
  MISSING: `no ${CONTEXT_HEADER} header: the caller did not come through the gateway, or something between them strips the header`,
  MALFORMED: 'the header is not a valid Gerbang hop token: check that the gateway and the subgraph run the same Gerbang version and that nothing rewrites the header',
  UNKNOWN_KEY:
    "the token's key id (kid) is not in this subgraph's GERBANG_HOP_PUBLIC_KEYS_FILE: add the gateway's public key (npm run keys -- add-public --jwks <file> --from <gateway's hop-private.pem>) and reload (SIGHUP), or check the gateway's GERBANG_HOP_PRIVATE_KEY_FILE",
  BAD_SIGNATURE:
    "the signature does not match the public key with that kid: the subgraph's JWKS entry and the gateway's private key disagree (a file edited or regenerated); re-add the public key from the gateway's private key",
  WRONG_AUDIENCE: "the token was signed for another subgraph: check the gateway's SUBGRAPH_<NAME>_URL routing (it points at the wrong process) and this subgraph's name",
  EXPIRED:
    "the token's lifetime had passed when it arrived: check that the gateway's and this host's clocks are synchronised (NTP) and that nothing queues requests between them; see GERBANG_HOP_TOKEN_TTL_S and GERBANG_HOP_CLOCK_SKEW_S",
  ISSUED_IN_FUTURE: "the token was issued later than this host's clock allows: the gateway's clock is ahead of this host's; synchronise clocks (NTP), or raise GERBANG_HOP_CLOCK_SKEW_S a little",
  REPLAYED: 'this token (jti) was already used: a captured header was sent again, or something between gateway and subgraph retries requests with the same headers',
  BODY_MISMATCH:
    'the request body is not the one the token was signed for: something between gateway and subgraph rewrites bodies, a captured header is reused with another query, or a probe token was sent with a query',
  DEV_KEY_REFUSED:
    "signed with Gerbang's built-in development key, trusted only with GERBANG_DEV_MODE=1: give the gateway a real key (npm run keys -- new --out <dir>; GERBANG_HOP_PRIVATE_KEY_FILE) and the subgraphs its public keys (GERBANG_HOP_PUBLIC_KEYS_FILE)",
});

/**
 * Refusals that mean the gateway and this subgraph are configured differently (keys, clocks,
 * routing, a proxy), as opposed to a caller that did not come through the gateway. These deserve
 * an operator's attention once, with the hint; the others are ordinary 401s.
 */
export const CONFIGURATION_REFUSALS: ReadonlySet<HopRefusal> = new Set<HopRefusal>(['UNKNOWN_KEY', 'BAD_SIGNATURE', 'WRONG_AUDIENCE', 'EXPIRED', 'ISSUED_IN_FUTURE', 'BODY_MISMATCH', 'DEV_KEY_REFUSED']);

/** The hint for a refusal reason; takes any string, as read back from a subgraph's 401 answer. */
export function hopRefusalHint(reason: string): string {
  return Object.prototype.hasOwnProperty.call(HOP_REFUSAL_HINTS, reason)
    ? HOP_REFUSAL_HINTS[reason as HopRefusal]
    : `the subgraph refused the gateway's hop token (${reason}); its log says why`;
}

export function isHopRefusal(reason: unknown): reason is HopRefusal {
  return typeof reason === 'string' && Object.prototype.hasOwnProperty.call(HOP_REFUSAL_HINTS, reason);
}

export type HopCheck = { ok: true; claims: HopClaims } | { ok: false; reason: HopRefusal };

export interface VerifyHopOptions {
  /** This subgraph's name. */
  audience: string;
  verifier: HopVerificationKeys;
  /**
   * The exact request body received (bytes or the string they decode to). Required for calls: a
   * call token is accepted only with the body it was signed for.
   */
  body?: string | Buffer;
  /** What this endpoint expects: 'call' (default, GraphQL), 'probe' (readiness) or 'upload' (a streamed file). */
  kind?: HopKind;
  /** Milliseconds since the epoch (Date.now()). */
  now?: number;
  /**
   * The replay guard to record the jti in. Default: the verifier's own (HopVerifier has one per
   * process). `false` skips the check (tests of other refusals only).
   */
  replay?: ReplayGuard | false;
}

// ---------------------------------------------------------------------------------------------
// Signing

/** The JWS header for a key, base64url encoded (computed once per key). */
export function encodeHopHeader(kid: string, alg: HopAlgorithm): string {
  return base64urlJson({ alg, kid, typ: HOP_TOKEN_TYPE });
}

/** base64url SHA-256 of a request body, as carried in `bh`. */
export function hopBodyHash(body: string | Buffer): string {
  return createHash('sha256').update(body).digest('base64url');
}

/**
 * Signs the claims for one call. `now` is milliseconds since the epoch. The claims are copied:
 * iat/exp/jti from here win over anything the caller passed.
 */
export function signHop(claims: HopClaimsInput, signer: HopSigningKeys, now: number = Date.now()): string {
  const key = signer.signingKey();
  const iat = Math.floor(now / 1000);
  const payload: HopClaims = { ...claims, iat, exp: iat + signer.ttlSeconds, jti: newJti() };
  const signingInput = `${key.encodedHeader}.${base64urlJson(payload)}`;
  const signature = signWith(key.alg, Buffer.from(signingInput, 'latin1'), key.privateKey).toString('base64url');
  return `${signingInput}.${signature}`;
}

/** The claims for one GraphQL call from the gateway's request context. */
export function hopCallClaims(context: RequestContext, call: { audience: string; body: string | Buffer; deadlineMs: number }): HopClaimsInput {
  const claims: HopClaimsInput = { aud: call.audience, rid: context.requestId, p: context.principal, t: context.tenant, dl: Math.max(0, Math.floor(call.deadlineMs)), bh: hopBodyHash(call.body), k: 'call' };
  if (context.correlationId !== undefined) claims.cid = context.correlationId;
  if (context.purpose !== undefined) claims.pu = context.purpose;
  return claims;
}

/** The claims for one streamed upload: bound to its descriptor (the header's exact text), kind 'upload'. */
export function hopUploadClaims(context: RequestContext, upload: { audience: string; descriptor: string; deadlineMs: number }): HopClaimsInput {
  return { ...hopCallClaims(context, { audience: upload.audience, body: upload.descriptor, deadlineMs: upload.deadlineMs }), k: 'upload' };
}

/** The claims for one relayed partner callback: anonymous, bound to the raw body, kind 'webhook'. */
export function hopWebhookClaims(webhook: { audience: string; requestId: string; tenant: string; body: string | Buffer; deadlineMs: number }): HopClaimsInput {
  return { ...hopCallClaims({ requestId: webhook.requestId, principal: { kind: 'anonymous' }, tenant: webhook.tenant }, { audience: webhook.audience, body: webhook.body, deadlineMs: webhook.deadlineMs }), k: 'webhook' };
}

/** The principal id of the gateway's readiness probes. */
export const PROBE_PRINCIPAL_ID = 'gerbang-gateway-readiness';

/** The claims of a readiness probe: no body, no tenant, kind 'probe' (refused on the GraphQL path). */
export function hopProbeClaims(audience: string, requestId: string, deadlineMs: number): HopClaimsInput {
  return { aud: audience, rid: requestId, p: { kind: 'service', id: PROBE_PRINCIPAL_ID, roles: [] }, t: '', dl: Math.max(0, Math.floor(deadlineMs)), k: 'probe' };
}

/** The request context a subgraph builds from verified claims. */
export function requestContextFromHop(claims: HopClaims): RequestContext {
  const context: RequestContext = { requestId: claims.rid, principal: claims.p, tenant: claims.t };
  if (claims.cid !== undefined) context.correlationId = claims.cid;
  if (claims.pu !== undefined) context.purpose = claims.pu;
  return context;
}

// A pool of random bytes, refilled when used up: one 16-byte jti per call without a getrandom per call.
const JTI_BYTES = 16;
const jtiPool = Buffer.allocUnsafe(JTI_BYTES * 256);
let jtiOffset = jtiPool.length;

function newJti(): string {
  if (jtiOffset + JTI_BYTES > jtiPool.length) {
    randomFillSync(jtiPool);
    jtiOffset = 0;
  }
  const jti = jtiPool.toString('base64url', jtiOffset, jtiOffset + JTI_BYTES);
  jtiOffset += JTI_BYTES;
  return jti;
}

function base64urlJson(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

// ---------------------------------------------------------------------------------------------
// Verifying

const BASE64URL = /^[A-Za-z0-9_-]*$/;
const MAX_TOKEN_LENGTH = 8192;
interface HopHeader {
  kid: string;
  alg: HopAlgorithm;
}

// Parsed headers by their encoded form: there are as many as keys in use, so this stays tiny.
const headerCache = new Map<string, HopHeader | null>();

function headerOf(encodedHeader: string): HopHeader | undefined {
  const cached = headerCache.get(encodedHeader);
  if (cached !== undefined) return cached ?? undefined;
  let parsed: HopHeader | null = null;
  const header = parseBase64urlJson(encodedHeader);
  if (isRecord(header) && isHopAlgorithm(header.alg) && header.typ === HOP_TOKEN_TYPE && typeof header.kid === 'string' && header.kid.length > 0 && header.kid.length <= 128) {
    const keys = Object.keys(header);
    if (keys.length === 3) parsed = { kid: header.kid, alg: header.alg }; // nothing else: no `crit`, no embedded `jwk`
  }
  if (headerCache.size >= 64) headerCache.clear();
  headerCache.set(encodedHeader, parsed);
  return parsed ?? undefined;
}

/**
 * Checks a hop token for this subgraph. The order is fixed, so reasons are stable: format, key,
 * signature, audience, time, body, and only then the replay guard (a refused token is not
 * remembered).
 */
export function verifyHop(token: string | undefined, options: VerifyHopOptions): HopCheck {
  if (token === undefined || token === '') return refuse('MISSING');
  if (token.length > MAX_TOKEN_LENGTH) return refuse('MALFORMED');
  const first = token.indexOf('.');
  const second = token.indexOf('.', first + 1);
  if (first <= 0 || second <= first + 1 || second === token.length - 1 || token.indexOf('.', second + 1) !== -1) return refuse('MALFORMED');
  const encodedHeader = token.slice(0, first);
  const encodedPayload = token.slice(first + 1, second);
  const encodedSignature = token.slice(second + 1);
  if (!BASE64URL.test(encodedPayload) || !BASE64URL.test(encodedSignature)) return refuse('MALFORMED');

  const header = headerOf(encodedHeader);
  if (header === undefined) return refuse('MALFORMED');
  const key = options.verifier.keyFor(header.kid);
  if (key === 'DEV_KEY_REFUSED') return refuse('DEV_KEY_REFUSED');
  if (key === undefined) return refuse('UNKNOWN_KEY');

  // The key decides the algorithm, never the token: a header naming another is a bad signature.
  if (header.alg !== key.alg) return refuse('BAD_SIGNATURE');
  if (!verifyWith(key.alg, Buffer.from(token.slice(0, second), 'latin1'), key.key, Buffer.from(encodedSignature, 'base64url'))) return refuse('BAD_SIGNATURE');

  const claims = parseBase64urlJson(encodedPayload);
  if (!isHopClaims(claims)) return refuse('MALFORMED');
  if (claims.aud !== options.audience) return refuse('WRONG_AUDIENCE');

  const now = (options.now ?? Date.now()) / 1000;
  const skew = options.verifier.clockSkewSeconds;
  if (claims.iat > now + skew) return refuse('ISSUED_IN_FUTURE');
  if (now >= claims.exp + skew) return refuse('EXPIRED');

  const expected = options.kind ?? 'call';
  if (claims.k !== expected) return refuse('BODY_MISMATCH');
  if (expected === 'call' || expected === 'upload' || expected === 'webhook') {
    if (claims.bh === undefined || options.body === undefined || hopBodyHash(options.body) !== claims.bh) return refuse('BODY_MISMATCH');
  }

  const replay = options.replay === false ? undefined : (options.replay ?? options.verifier.replayGuard);
  if (replay && !replay.firstUse(claims.jti, (claims.exp + skew) * 1000, now * 1000)) return refuse('REPLAYED');
  return { ok: true, claims };
}

function refuse(reason: HopRefusal): HopCheck {
  return { ok: false, reason };
}

function parseBase64urlJson(encoded: string): unknown {
  if (!BASE64URL.test(encoded)) return undefined;
  try {
    return JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isShortString = (v: unknown, max = 256): v is string => typeof v === 'string' && v.length <= max;
const isSeconds = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

function isPrincipal(value: unknown): value is Principal {
  if (!isRecord(value)) return false;
  if (value.kind === 'anonymous') return true;
  if (value.kind !== 'user' && value.kind !== 'service') return false;
  if (!isShortString(value.id) || value.id === '') return false;
  if (!Array.isArray(value.roles) || !value.roles.every((r) => isShortString(r, 128))) return false;
  if (value.scopes !== undefined && (!Array.isArray(value.scopes) || value.scopes.length > 64 || !value.scopes.every((s) => isShortString(s, 128)))) return false;
  if (value.region !== undefined && (value.kind !== 'user' || !isShortString(value.region, 32))) return false;
  return value.institution === undefined || (value.kind === 'user' && isShortString(value.institution));
}

function isHopClaims(value: unknown): value is HopClaims {
  if (!isRecord(value)) return false;
  const c = value;
  return (
    isShortString(c.aud) &&
    isSeconds(c.iat) &&
    isSeconds(c.exp) &&
    (c.exp as number) > (c.iat as number) &&
    (c.exp as number) - (c.iat as number) <= MAX_HOP_TTL_S &&
    isShortString(c.jti, 128) &&
    (c.jti as string).length >= 16 &&
    isShortString(c.rid) &&
    (c.cid === undefined || isShortString(c.cid)) &&
    (c.pu === undefined || isShortString(c.pu, 200)) &&
    isPrincipal(c.p) &&
    isShortString(c.t, 64) &&
    typeof c.dl === 'number' &&
    Number.isFinite(c.dl) &&
    c.dl >= 0 &&
    (c.bh === undefined || (isShortString(c.bh, 64) && BASE64URL.test(c.bh as string))) &&
    (c.k === 'call' || c.k === 'probe' || c.k === 'upload' || c.k === 'webhook')
  );
}

// ---------------------------------------------------------------------------------------------
// Replay guard

export interface ReplayGuardOptions {
  /** Most jtis remembered at once (default 100,000: about 10,000 calls a second at a 10 s lifetime). */
  maxEntries?: number;
}

/**
 * Remembers each accepted token's jti until the token could no longer be accepted (its `exp` plus
 * the allowed skew), so a captured header sent again within its lifetime is refused.
 *
 * Per process: each subgraph replica keeps its own set, so a header captured on its way to one
 * replica could be replayed once to another replica within its few seconds. The audience (same
 * subgraph only) and the body hash (same query and variables only) still bind it, which leaves a
 * replay with nothing to gain but a second copy of an answer the captor could already read.
 *
 * Memory is bounded. Entries are kept in arrival order and pruned from the oldest on each call
 * (amortised O(1)). When the set is full, the oldest entry is evicted and its expiry becomes a
 * watermark: a jti not in the set whose token expires at or before the watermark is refused,
 * because this process can no longer tell whether it saw it. So the guard fails closed (rare late
 * refusals under a flood) rather than open (accepting a replay). `stats()` shows evictions: raise
 * maxEntries if they happen in normal operation.
 */
export class ReplayGuard {
  private readonly maxEntries: number;
  private readonly seen = new Map<string, number>();
  private watermark = 0;
  private evictions = 0;

  constructor(options: ReplayGuardOptions = {}) {
    this.maxEntries = options.maxEntries ?? 100_000;
    if (!(this.maxEntries >= 1)) throw new RangeError('ReplayGuard maxEntries must be at least 1');
  }

  /**
   * True the first time a jti is presented (and remembers it until `forgetAfterMs`), false when it
   * was already seen or cannot be vouched for any more. Times are milliseconds since the epoch.
   */
  firstUse(jti: string, forgetAfterMs: number, nowMs: number = Date.now()): boolean {
    this.prune(nowMs);
    if (this.seen.has(jti)) return false;
    if (forgetAfterMs <= this.watermark) return false;
    if (this.seen.size >= this.maxEntries) {
      const oldest = this.seen.entries().next().value as [string, number];
      this.seen.delete(oldest[0]);
      this.watermark = Math.max(this.watermark, oldest[1]);
      this.evictions += 1;
    }
    this.seen.set(jti, forgetAfterMs);
    return true;
  }

  stats(): { size: number; maxEntries: number; evictions: number } {
    return { size: this.seen.size, maxEntries: this.maxEntries, evictions: this.evictions };
  }

  private prune(nowMs: number): void {
    // Arrival order is nearly expiry order (one lifetime for every token); stop at the first live one.
    for (const [jti, forgetAfter] of this.seen) {
      if (forgetAfter > nowMs) break;
      this.seen.delete(jti);
    }
  }
}
