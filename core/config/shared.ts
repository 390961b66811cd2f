import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { HopSigner, HopVerifier } from '../context/hop-keys';
import { DEFAULT_HOP_CLOCK_SKEW_S, DEFAULT_HOP_TTL_S, MAX_HOP_TTL_S } from '../context/hop-token';
import { booleanFlag, optionalString } from './load';

/**
 * The repository root; default data locations hang off it. Found by walking up to the folder with
 * `tenants/` and `package.json`, so that it is the same from the TypeScript sources and from the
 * gateway's bundled build (dist/).
 */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(from: string): string {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'tenants'))) return dir;
    if (dirname(dir) === dir) return resolve(__dirname, '..', '..');
  }
}

/**
 * Where the emulated legacy applications keep their storage, shared by the emulators (which own it)
 * and the adapters (which reach it the way old integrations did). One variable switches every SQL
 * app from its SQLite file to its own MariaDB/MySQL database.
 */
export const legacyStorageSchema = {
  /** e.g. mysql://root@127.0.0.1:3306 ; unset = SQLite files under GERBANG_DATA_DIR. */
  MYSQL_URL: optionalString.pipe(z.string().url('MYSQL_URL must be a URL like mysql://root@127.0.0.1:3306').optional()),
  /** Each SQL app gets its own database named <prefix><app>, e.g. gerbang_siak. */
  GERBANG_MYSQL_DB_PREFIX: z.string().regex(/^[a-z0-9_]{1,40}$/, 'lower-case letters, digits and _ only').default('gerbang_'),
  GERBANG_DATA_DIR: z.string().default(resolve(REPO_ROOT, 'var')),
};

export interface LegacyStorage {
  mysqlUrl: string | undefined;
  mysqlDatabasePrefix: string;
  dataDir: string;
}

export function legacyStorageFrom(env: { MYSQL_URL?: string; GERBANG_MYSQL_DB_PREFIX: string; GERBANG_DATA_DIR: string }): LegacyStorage {
  return { mysqlUrl: env.MYSQL_URL, mysqlDatabasePrefix: env.GERBANG_MYSQL_DB_PREFIX, dataDir: resolve(env.GERBANG_DATA_DIR) };
}

/**
 * Hop keys: the gateway signs each subgraph call with its private key (ES256 or Ed25519), each subgraph checks
 * it against a JWKS of the gateway's public keys (core/context/hop-token.ts, hop-keys.ts).
 *
 * No built-in key is trusted unless development mode is chosen explicitly with GERBANG_DEV_MODE=1
 * (npm start and the tests choose it; nothing else does). Outside it, a process without its key
 * file refuses to start and says how to make one.
 */
const hopModeSchema = {
  /** 1/true: trust the committed development key when no key file is set. Never in production. */
  GERBANG_DEV_MODE: booleanFlag(false),
  /** Read only to refuse GERBANG_DEV_MODE together with NODE_ENV=production. */
  NODE_ENV: optionalString,
};

/** The gateway's part: its private key and the lifetime of the tokens it signs. */
export const hopSignerSchema = {
  ...hopModeSchema,
  /** PKCS#8 PEM ES256 (P-256) or Ed25519 private key (npm run keys -- new writes hop-private.pem, ES256). */
  GERBANG_HOP_PRIVATE_KEY_FILE: optionalString,
  /** Lifetime of each hop token, seconds. */
  GERBANG_HOP_TOKEN_TTL_S: z.coerce.number().int().min(1).max(MAX_HOP_TTL_S).default(DEFAULT_HOP_TTL_S),
};

/** A subgraph's part: the gateway's public keys and the clock difference it allows. */
export const hopVerifierSchema = {
  ...hopModeSchema,
  /** JWKS of the gateway's public keys, ES256 or Ed25519 (npm run keys -- new writes hop-public.jwks.json). */
  GERBANG_HOP_PUBLIC_KEYS_FILE: optionalString,
  /** Allowed clock difference between gateway and subgraph, seconds. */
  GERBANG_HOP_CLOCK_SKEW_S: z.coerce.number().int().min(0).max(60).default(DEFAULT_HOP_CLOCK_SKEW_S),
};

const NO_KEYS_ADVICE = 'make a key pair with `npm run keys -- new --out <dir>` and set GERBANG_HOP_PRIVATE_KEY_FILE=<dir>/hop-private.pem on the gateway and GERBANG_HOP_PUBLIC_KEYS_FILE=<dir>/hop-public.jwks.json on every subgraph; or, for development on your own machine only, set GERBANG_DEV_MODE=1';

function devModeProblems(env: { GERBANG_DEV_MODE: boolean; NODE_ENV?: string }, problems: string[]): void {
  if (env.GERBANG_DEV_MODE && env.NODE_ENV === 'production') problems.push('GERBANG_DEV_MODE: cannot be set together with NODE_ENV=production');
}

/**
 * The gateway's hop signer, or undefined with the reasons pushed into `problems`. In development
 * mode without a key file it is the built-in development key (`signer.development` is true: print
 * developmentModeBanner). `signer.warnings` (e.g. a key file readable by others) deserve a log line.
 */
export function hopSignerFrom(
  env: { GERBANG_DEV_MODE: boolean; NODE_ENV?: string; GERBANG_HOP_PRIVATE_KEY_FILE?: string; GERBANG_HOP_TOKEN_TTL_S: number },
  problems: string[],
): HopSigner | undefined {
  devModeProblems(env, problems);
  const options = { ttlSeconds: env.GERBANG_HOP_TOKEN_TTL_S, developmentMode: env.GERBANG_DEV_MODE };
  if (env.GERBANG_HOP_PRIVATE_KEY_FILE) {
    try {
      return HopSigner.fromFile(env.GERBANG_HOP_PRIVATE_KEY_FILE, options);
    } catch (error) {
      problems.push(`GERBANG_HOP_PRIVATE_KEY_FILE: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
  if (env.GERBANG_DEV_MODE) return HopSigner.development(options);
  problems.push(`GERBANG_HOP_PRIVATE_KEY_FILE: not set, and the gateway signs every subgraph call with it; ${NO_KEYS_ADVICE}`);
  return undefined;
}

/**
 * A subgraph's hop verifier, or undefined with the reasons pushed into `problems`. In development
 * mode without a JWKS file it trusts the built-in development key only (`verifier.development`).
 * Outside development mode a JWKS containing the development public key is refused at start.
 */
export function hopVerifierFrom(
  env: { GERBANG_DEV_MODE: boolean; NODE_ENV?: string; GERBANG_HOP_PUBLIC_KEYS_FILE?: string; GERBANG_HOP_CLOCK_SKEW_S: number },
  problems: string[],
): HopVerifier | undefined {
  devModeProblems(env, problems);
  const options = { clockSkewSeconds: env.GERBANG_HOP_CLOCK_SKEW_S, developmentMode: env.GERBANG_DEV_MODE };
  if (env.GERBANG_HOP_PUBLIC_KEYS_FILE) {
    try {
      const verifier = HopVerifier.fromFile(env.GERBANG_HOP_PUBLIC_KEYS_FILE, options);
      if (verifier.warnings.length === 0) return verifier;
      for (const warning of verifier.warnings) problems.push(`GERBANG_HOP_PUBLIC_KEYS_FILE: ${warning}`);
      return undefined;
    } catch (error) {
      problems.push(`GERBANG_HOP_PUBLIC_KEYS_FILE: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }
  if (env.GERBANG_DEV_MODE) return HopVerifier.development(options);
  problems.push(`GERBANG_HOP_PUBLIC_KEYS_FILE: not set, and this subgraph accepts only calls signed by the gateway's keys; ${NO_KEYS_ADVICE}`);
  return undefined;
}

export const logLevelSchema = {
  GERBANG_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
};
