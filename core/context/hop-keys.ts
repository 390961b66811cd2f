import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEVELOPMENT_ONLY_HOP_PRIVATE_KEY_PEM, DEVELOPMENT_ONLY_HOP_PUBLIC_JWK, RETIRED_DEVELOPMENT_HOP_PUBLIC_JWKS } from './dev-keys/development-hop-key';
import { DEFAULT_HOP_ALGORITHM, describeKey, generateHopPrivateKey, hopAlgorithmOf, hopPublicJwkOf, hopPublicKeyFromJwk, jwkThumbprint, type HopAlgorithm, type HopPublicJwk, type HopPublicKey } from './hop-algorithms';
import { DEFAULT_HOP_CLOCK_SKEW_S, DEFAULT_HOP_TTL_S, encodeHopHeader, MAX_HOP_TTL_S, ReplayGuard, type HopSigningKey, type HopSigningKeys, type HopVerificationKeys, type ReplayGuardOptions } from './hop-token';

export { jwkThumbprint, type HopAlgorithm, type HopPublicJwk } from './hop-algorithms';

/**
 * The keys behind hop tokens (hop-token.ts).
 *
 * - The gateway holds one private key, ES256 (P-256) or Ed25519 (a PKCS#8 PEM file,
 *   GERBANG_HOP_PRIVATE_KEY_FILE; see hop-algorithms.ts): a HopSigner. Its key id (kid) is the
 *   RFC 7638 thumbprint of the public key, so the same key always has the same kid, whoever
 *   computes it.
 * - Each subgraph holds a JWKS file with one or more public keys (GERBANG_HOP_PUBLIC_KEYS_FILE):
 *   a HopVerifier. A subgraph cannot sign, so a compromised subgraph cannot forge calls to the
 *   others.
 *
 * Rotation without downtime (`npm run keys`, scripts/hop-keys.ts):
 *   1. make a new key pair; add its public key to every subgraph's JWKS (they reload: SIGHUP or
 *      the periodic file check), so the subgraphs accept both keys;
 *   2. point the gateway at the new private key (or replace the file) and reload it: new calls are
 *      signed with the new kid; calls already signed with the old key are still accepted;
 *   3. once the old tokens have expired (seconds; give it a minute), remove the old public key
 *      from the JWKS.
 * Reloading swaps the key set in one assignment: a request being verified uses the set it started
 * with. A file that is broken when reloaded (half written, wrong key type, private key in the
 * JWKS) is reported and the previous keys stay in use.
 *
 * Development mode (GERBANG_DEV_MODE=1 and no key files): the committed development key pair
 * (dev-keys/) signs and verifies. Outside development mode that key is never trusted.
 */

export interface HopJwks {
  keys: HopPublicJwk[];
}

/** A key file that cannot be used; the message says what is wrong with it. */
export class HopKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HopKeyError';
  }
}

/** The outcome of a reload: the keys now in use, and on failure why the file was not taken. */
export type HopKeyReload =
  | { ok: true; source: string; changed: boolean; kids: string[]; warnings: string[] }
  | { ok: false; source: string; problem: string; kids: string[] };

export interface ReloadableHopKeys {
  /** Re-reads the file now. */
  reload(): HopKeyReload;
  /** Re-reads the file only if it changed since the last read (a stat); undefined when unchanged. */
  reloadIfChanged(): HopKeyReload | undefined;
}

// ---------------------------------------------------------------------------------------------
// Key helpers

/** The public JWK (with kid, alg and use) of an ES256 or Ed25519 private or public key. */
export function publicJwkOf(key: KeyObject): HopPublicJwk {
  const jwk = hopPublicJwkOf(key);
  if (!jwk) throw new HopKeyError(`expected an ES256 (P-256) or Ed25519 key, got ${describeKey(key)}`);
  return jwk;
}

/** Parses a PKCS#8 PEM ES256 (P-256) or Ed25519 private key; throws HopKeyError saying what it got instead. */
export function parseHopPrivateKey(pem: string | Buffer): KeyObject {
  const text = pem.toString();
  if (!text.includes('PRIVATE KEY-----')) {
    throw new HopKeyError(text.includes('PUBLIC KEY-----') || text.trimStart().startsWith('{') ? 'holds a public key, not the private key (the gateway needs hop-private.pem)' : 'is not a PEM private key');
  }
  let key: KeyObject;
  try {
    key = createPrivateKey(text);
  } catch (error) {
    throw new HopKeyError(`is not a readable PEM private key (${error instanceof Error ? error.message : String(error)})`);
  }
  if (hopAlgorithmOf(key) === undefined) throw new HopKeyError(`holds ${describeKey(key)}; hop tokens need an ES256 (P-256) or Ed25519 key (npm run keys -- new)`);
  return key;
}

/** A new key pair (ES256 unless told): the private key as PKCS#8 PEM, the public key as a JWK. */
export function generateHopKeyPair(alg: HopAlgorithm = DEFAULT_HOP_ALGORITHM): { privateKeyPem: string; publicJwk: HopPublicJwk; kid: string } {
  const privateKey = generateHopPrivateKey(alg);
  const publicJwk = publicJwkOf(privateKey);
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicJwk, kid: publicJwk.kid };
}

/**
 * Parses a JWKS of ES256 and Ed25519 public keys. Strict: a file with anything wrong in it is
 * refused whole (so a reload never half-applies a broken file).
 */
export function parseHopJwks(text: string): Map<string, { jwk: HopPublicJwk; key: HopPublicKey }> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new HopKeyError(`is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { keys?: unknown }).keys)) throw new HopKeyError('is not a JWKS: expected {"keys": [...]}');
  const entries = (parsed as { keys: unknown[] }).keys;
  if (entries.length === 0) throw new HopKeyError('has no keys: every hop token would be refused');
  const keys = new Map<string, { jwk: HopPublicJwk; key: HopPublicKey }>();
  entries.forEach((entry, index) => {
    const where = `key #${index + 1}`;
    if (typeof entry !== 'object' || entry === null) throw new HopKeyError(`${where} is not an object`);
    const e = entry as Record<string, unknown>;
    if ('d' in e) throw new HopKeyError(`${where} contains a private key ("d"): subgraphs must hold public keys only; regenerate the JWKS with npm run keys -- add-public`);
    const key = hopPublicKeyFromJwk(e);
    if (typeof key === 'string') throw new HopKeyError(`${where} ${key}`);
    if (e.use !== undefined && e.use !== 'sig') throw new HopKeyError(`${where} has use ${JSON.stringify(e.use)}; expected "sig"`);
    const jwk = publicJwkOf(key.key);
    if (e.kid !== undefined && e.kid !== jwk.kid) throw new HopKeyError(`${where} has kid ${JSON.stringify(e.kid)}, but its thumbprint is ${jwk.kid}: the kid must be the key's RFC 7638 thumbprint (npm run keys -- add-public writes it)`);
    if (keys.has(jwk.kid)) throw new HopKeyError(`${where} repeats key ${jwk.kid}`);
    keys.set(jwk.kid, { jwk, key });
  });
  return keys;
}

/** The built-in development key's kid: refused everywhere outside development mode. */
export const DEVELOPMENT_HOP_KID = jwkThumbprint(DEVELOPMENT_ONLY_HOP_PUBLIC_JWK);
/** Development keys used before: refused outside development mode, and not trusted in it either. */
const RETIRED_DEVELOPMENT_HOP_KIDS: ReadonlySet<string> = new Set(RETIRED_DEVELOPMENT_HOP_PUBLIC_JWKS.map(jwkThumbprint));

/** True for the built-in development key and the ones it replaced: their private halves are public. */
export function isDevelopmentHopKid(kid: string): boolean {
  return kid === DEVELOPMENT_HOP_KID || RETIRED_DEVELOPMENT_HOP_KIDS.has(kid);
}

const devRefusedWarning = (kid: string): string =>
  `contains a built-in development public key of Gerbang's (kid ${kid}), which is ${kid === DEVELOPMENT_HOP_KID ? 'never trusted outside GERBANG_DEV_MODE' : 'retired and trusted nowhere'}; remove it (npm run keys -- remove --jwks <file> --kid ${kid})`;

// ---------------------------------------------------------------------------------------------
// Watching a key file

interface FileStamp {
  stamp: string;
  text: string;
  mode: number;
}

function stampOf(path: string): string {
  const s = statSync(path);
  return `${s.ino}:${s.size}:${s.mtimeMs}`;
}

function readKeyFile(path: string): FileStamp {
  let stamp: string;
  let text: string;
  let mode: number;
  try {
    const s = statSync(path);
    stamp = `${s.ino}:${s.size}:${s.mtimeMs}`;
    mode = s.mode;
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new HopKeyError(code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read by this process (permissions)' : `cannot be read (${error instanceof Error ? error.message : String(error)})`);
  }
  return { stamp, text, mode };
}

/** Reads and parses a private key file; HopKeyError messages start with the path. */
export function readHopPrivateKeyFile(path: string): KeyObject {
  try {
    return parseHopPrivateKey(readKeyFile(path).text);
  } catch (error) {
    throw error instanceof HopKeyError ? new HopKeyError(`${path} ${error.message}`) : error;
  }
}

/** Reads and parses a JWKS file (strictly, see parseHopJwks); HopKeyError messages start with the path. */
export function readHopJwksFile(path: string): HopJwks {
  try {
    return { keys: [...parseHopJwks(readKeyFile(path).text).values()].map(({ jwk }) => jwk) };
  } catch (error) {
    throw error instanceof HopKeyError ? new HopKeyError(`${path} ${error.message}`) : error;
  }
}

/** Shared by signer and verifier: the file path, the last stamp read, the periodic check. */
abstract class KeyFileSource<S> implements ReloadableHopKeys {
  protected state: S;
  private stamp: string | undefined;
  private lastProblemStamp: string | undefined;

  protected constructor(
    readonly path: string | undefined,
    initial: { state: S; stamp?: string },
  ) {
    this.state = initial.state;
    this.stamp = initial.stamp;
  }

  protected abstract parse(file: FileStamp): { state: S; warnings: string[] };
  protected abstract kidsOf(state: S): string[];

  reload(): HopKeyReload {
    const source = this.path ?? 'built-in development key';
    if (this.path === undefined) return { ok: true, source, changed: false, kids: this.kidsOf(this.state), warnings: [] };
    let next: { state: S; warnings: string[] };
    let file: FileStamp;
    try {
      file = readKeyFile(this.path);
      next = this.parse(file);
    } catch (error) {
      return { ok: false, source, problem: `${this.path} ${error instanceof Error ? error.message : String(error)}; keeping the keys in use`, kids: this.kidsOf(this.state) };
    }
    const before = this.kidsOf(this.state).join(' ');
    this.state = next.state; // one assignment: a request in progress keeps the keys it read
    this.stamp = file.stamp;
    this.lastProblemStamp = undefined;
    const kids = this.kidsOf(this.state);
    return { ok: true, source, changed: kids.join(' ') !== before, kids, warnings: next.warnings };
  }

  reloadIfChanged(): HopKeyReload | undefined {
    if (this.path === undefined) return undefined;
    let stamp: string;
    try {
      stamp = stampOf(this.path);
    } catch {
      stamp = 'unreadable';
    }
    if (stamp === this.stamp || stamp === this.lastProblemStamp) return undefined;
    const result = this.reload();
    // A broken file is reported once, not on every check, until it changes again.
    if (!result.ok) this.lastProblemStamp = stamp;
    return result;
  }

  /**
   * Checks the file's stamp (inode, size, mtime) every intervalMs (default 5 s) and reloads it
   * when it changed. A file that cannot be used, and warnings about one that was taken, go to
   * onProblem (once per version of the file); successful reloads go to onReload. The timer does not
   * keep the process alive. Returns the function that stops watching.
   */
  watch(onProblem: (problem: string) => void, options: HopKeyWatchOptions = {}): () => void {
    if (this.path === undefined) return () => undefined;
    const timer = setInterval(() => {
      const result = this.reloadIfChanged();
      if (result) reportReload(result, onProblem, options.onReload);
    }, options.intervalMs ?? 5_000);
    timer.unref();
    return () => clearInterval(timer);
  }
}

export interface HopKeyWatchOptions {
  intervalMs?: number;
  /** Each successful reload (kids now in use, whether they changed). */
  onReload?: (result: Extract<HopKeyReload, { ok: true }>) => void;
}

function reportReload(result: HopKeyReload, onProblem: (problem: string) => void, onReload?: (result: Extract<HopKeyReload, { ok: true }>) => void): void {
  if (!result.ok) {
    onProblem(result.problem);
    return;
  }
  for (const warning of result.warnings) onProblem(warning);
  onReload?.(result);
}

function permissionWarnings(path: string, mode: number): string[] {
  if (process.platform === 'win32' || (mode & 0o077) === 0) return [];
  return [`${path} can be read by other users (mode ${(mode & 0o777).toString(8).padStart(4, '0')}); make it readable by the gateway's user only (chmod 600)`];
}

// ---------------------------------------------------------------------------------------------
// Signer (gateway)

export interface HopSignerOptions {
  /** Token lifetime, seconds (default 10). */
  ttlSeconds?: number;
  /** Whether the built-in development key may be used (GERBANG_DEV_MODE). Default false. */
  developmentMode?: boolean;
}

class SigningState implements HopSigningKey {
  readonly encodedHeader: string;
  constructor(
    readonly kid: string,
    readonly alg: HopAlgorithm,
    readonly privateKey: KeyObject,
  ) {
    this.encodedHeader = encodeHopHeader(kid, alg);
  }
}

function signingStateOf(privateKey: KeyObject, developmentMode: boolean): SigningState {
  const { kid, alg } = publicJwkOf(privateKey);
  if (isDevelopmentHopKid(kid) && (kid !== DEVELOPMENT_HOP_KID || !developmentMode)) {
    throw new HopKeyError(
      kid === DEVELOPMENT_HOP_KID
        ? "is Gerbang's built-in development key, which is public and never trusted outside GERBANG_DEV_MODE; make a real key with npm run keys -- new --out <dir>"
        : "is a retired built-in development key of Gerbang's, which is public and trusted nowhere; make a real key with npm run keys -- new --out <dir>",
    );
  }
  return new SigningState(kid, alg, privateKey);
}

function checkTtl(ttlSeconds: number): number {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_HOP_TTL_S) throw new RangeError(`hop token lifetime must be 1..${MAX_HOP_TTL_S} seconds, got ${ttlSeconds}`);
  return ttlSeconds;
}

/**
 * The gateway's signing key. `signingKey()` is a field read: the PEM is parsed once per (re)load,
 * never per call.
 */
export class HopSigner extends KeyFileSource<SigningState> implements HopSigningKeys {
  readonly ttlSeconds: number;
  /** Things worth a log line at start (e.g. a private key file readable by others). */
  readonly warnings: string[];
  private readonly developmentMode: boolean;

  private constructor(path: string | undefined, initial: { state: SigningState; stamp?: string }, options: HopSignerOptions, warnings: string[]) {
    super(path, initial);
    this.ttlSeconds = checkTtl(options.ttlSeconds ?? DEFAULT_HOP_TTL_S);
    this.developmentMode = options.developmentMode ?? false;
    this.warnings = warnings;
  }

  /** Reads the private key file now; throws HopKeyError (message starts with the path) when it cannot be used. */
  static fromFile(path: string, options: HopSignerOptions = {}): HopSigner {
    const full = resolve(path);
    try {
      const file = readKeyFile(full);
      const state = signingStateOf(parseHopPrivateKey(file.text), options.developmentMode ?? false);
      return new HopSigner(full, { state, stamp: file.stamp }, options, permissionWarnings(full, file.mode));
    } catch (error) {
      throw error instanceof HopKeyError ? new HopKeyError(`${full} ${error.message}`) : error;
    }
  }

  /** A signer over a key held in memory (tests, tools). */
  static fromPrivateKey(privateKey: KeyObject | string, options: HopSignerOptions = {}): HopSigner {
    const key = typeof privateKey === 'string' ? parseHopPrivateKey(privateKey) : privateKey;
    return new HopSigner(undefined, { state: signingStateOf(key, options.developmentMode ?? false) }, options, []);
  }

  /** The built-in development key: only in development mode. */
  static development(options: Omit<HopSignerOptions, 'developmentMode'> = {}): HopSigner {
    return HopSigner.fromPrivateKey(DEVELOPMENT_ONLY_HOP_PRIVATE_KEY_PEM, { ...options, developmentMode: true });
  }

  signingKey(): HopSigningKey {
    return this.state;
  }

  /** True when signing with the built-in development key (only possible in development mode). */
  get development(): boolean {
    return this.state.kid === DEVELOPMENT_HOP_KID;
  }

  /** The key id tokens are signed with now. */
  get kid(): string {
    return this.state.kid;
  }

  /** The public key to put in the subgraphs' JWKS. */
  publicJwk(): HopPublicJwk {
    return publicJwkOf(this.state.privateKey);
  }

  protected parse(file: FileStamp): { state: SigningState; warnings: string[] } {
    return { state: signingStateOf(parseHopPrivateKey(file.text), this.developmentMode), warnings: permissionWarnings(this.path ?? '', file.mode) };
  }

  protected kidsOf(state: SigningState): string[] {
    return [state.kid];
  }
}

// ---------------------------------------------------------------------------------------------
// Verifier (subgraphs)

export interface HopVerifierOptions {
  /** Allowed clock difference with the gateway, seconds (default 2). */
  clockSkewSeconds?: number;
  /** Whether the built-in development key may be trusted (GERBANG_DEV_MODE). Default false. */
  developmentMode?: boolean;
  /** Bounds of this process's replay guard (see ReplayGuard). */
  replay?: ReplayGuardOptions;
}

type VerifyingState = Map<string, HopPublicKey>;

function verifyingStateOf(text: string, developmentMode: boolean): { state: VerifyingState; warnings: string[] } {
  const parsed = parseHopJwks(text);
  const state: VerifyingState = new Map();
  for (const [kid, { key }] of parsed) state.set(kid, key);
  const refused = [...state.keys()].filter((kid) => isDevelopmentHopKid(kid) && (kid !== DEVELOPMENT_HOP_KID || !developmentMode));
  return { state, warnings: refused.map(devRefusedWarning) };
}

/** A subgraph's set of trusted public keys, by kid. */
export class HopVerifier extends KeyFileSource<VerifyingState> implements HopVerificationKeys {
  readonly clockSkewSeconds: number;
  readonly developmentMode: boolean;
  /** This process's memory of accepted tokens: verifyHop uses it unless told otherwise. */
  readonly replayGuard: ReplayGuard;
  /**
   * Things wrong with the keys that do not stop verification (the development key in a JWKS
   * outside development mode: it is refused). hopVerifierFrom turns them into start problems.
   */
  readonly warnings: string[];

  private constructor(path: string | undefined, initial: { state: VerifyingState; stamp?: string }, options: HopVerifierOptions, warnings: string[]) {
    super(path, initial);
    const skew = options.clockSkewSeconds ?? DEFAULT_HOP_CLOCK_SKEW_S;
    if (!Number.isInteger(skew) || skew < 0 || skew > 60) throw new RangeError(`hop clock skew must be 0..60 seconds, got ${skew}`);
    this.clockSkewSeconds = skew;
    this.replayGuard = new ReplayGuard(options.replay);
    this.developmentMode = options.developmentMode ?? false;
    this.warnings = warnings;
  }

  /** Reads the JWKS file now; throws HopKeyError (message starts with the path) when it cannot be used. */
  static fromFile(path: string, options: HopVerifierOptions = {}): HopVerifier {
    const full = resolve(path);
    try {
      const file = readKeyFile(full);
      const { state, warnings } = verifyingStateOf(file.text, options.developmentMode ?? false);
      return new HopVerifier(full, { state, stamp: file.stamp }, options, warnings.map((w) => `${full} ${w}`));
    } catch (error) {
      throw error instanceof HopKeyError ? new HopKeyError(`${full} ${error.message}`) : error;
    }
  }

  /** A verifier over a JWKS held in memory (tests, tools). */
  static fromJwks(jwks: { keys: unknown[] }, options: HopVerifierOptions = {}): HopVerifier {
    const { state, warnings } = verifyingStateOf(JSON.stringify(jwks), options.developmentMode ?? false);
    return new HopVerifier(undefined, { state }, options, warnings);
  }

  /** The built-in development public key: only in development mode. */
  static development(options: Omit<HopVerifierOptions, 'developmentMode'> = {}): HopVerifier {
    const { state } = verifyingStateOf(JSON.stringify({ keys: [DEVELOPMENT_ONLY_HOP_PUBLIC_JWK] }), true);
    return new HopVerifier(undefined, { state }, { ...options, developmentMode: true }, []);
  }

  keyFor(kid: string): HopPublicKey | 'DEV_KEY_REFUSED' | undefined {
    if (isDevelopmentHopKid(kid) && (kid !== DEVELOPMENT_HOP_KID || !this.developmentMode)) return 'DEV_KEY_REFUSED';
    return this.state.get(kid);
  }

  /** True when it trusts the built-in development key (only possible in development mode). */
  get development(): boolean {
    return this.developmentMode && this.state.has(DEVELOPMENT_HOP_KID);
  }

  /** The key ids trusted now. */
  kids(): string[] {
    return [...this.state.keys()];
  }

  protected parse(file: FileStamp): { state: VerifyingState; warnings: string[] } {
    const { state, warnings } = verifyingStateOf(file.text, this.developmentMode);
    return { state, warnings: warnings.map((w) => `${this.path ?? ''} ${w}`) };
  }

  protected kidsOf(state: VerifyingState): string[] {
    return [...state.keys()];
  }
}

// ---------------------------------------------------------------------------------------------
// Process wiring

/**
 * Reloads the given keys on a signal (SIGHUP by default): problems go to onProblem, successful
 * reloads to options.onReload. Returns the function that removes the handler. A process keeps
 * serving with its previous keys when a reload fails.
 */
export function reloadHopKeysOnSignal(
  sources: ReloadableHopKeys[],
  onProblem: (problem: string) => void,
  options: { signal?: NodeJS.Signals; onReload?: (result: Extract<HopKeyReload, { ok: true }>) => void } = {},
): () => void {
  const signal = options.signal ?? 'SIGHUP';
  const handler = () => {
    for (const source of sources) reportReload(source.reload(), onProblem, options.onReload);
  };
  process.on(signal, handler);
  return () => void process.off(signal, handler);
}

/** One log line's worth for a reload result. */
export function describeHopKeyReload(result: HopKeyReload): { level: 'info' | 'warn' | 'error'; msg: string; fields: Record<string, unknown> } {
  if (!result.ok) return { level: 'error', msg: 'hop keys not reloaded; the previous keys stay in use', fields: { source: result.source, problem: result.problem, kids: result.kids } };
  if (result.warnings.length > 0) return { level: 'warn', msg: 'hop keys reloaded, with warnings', fields: { source: result.source, kids: result.kids, changed: result.changed, warnings: result.warnings } };
  return { level: 'info', msg: result.changed ? 'hop keys reloaded' : 'hop keys re-read; unchanged', fields: { source: result.source, kids: result.kids, changed: result.changed } };
}

/** What a process prints (to stderr, before anything else) when it runs in development mode. */
export function developmentModeBanner(processName: string): string {
  const line = '!'.repeat(88);
  return [
    line,
    `!!  ${processName}: DEVELOPMENT MODE (GERBANG_DEV_MODE=1)`,
    '!!  Hop tokens between the gateway and the subgraphs are signed with the BUILT-IN',
    '!!  development key, whose private half is published in the repository',
    '!!  (core/context/dev-keys/). Anyone can forge requests to these subgraphs.',
    '!!  Never run like this with real data. For anything else: npm run keys -- new --out <dir>,',
    '!!  then GERBANG_HOP_PRIVATE_KEY_FILE (gateway) and GERBANG_HOP_PUBLIC_KEYS_FILE (subgraphs).',
    line,
    '',
  ].join('\n');
}
