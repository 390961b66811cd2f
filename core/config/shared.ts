import { resolve } from 'node:path';
import { z } from 'zod';
import { optionalString } from './load';

/** The repository root; default data locations hang off it. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

const DEV_CONTEXT_SECRET = 'gerbang-dev-only-context-secret-change-me';

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
 * The secret that signs the request context (principal, tenant) the gateway sends to subgraphs.
 * Required in production; development and tests use a well-known default.
 */
export const contextSecretSchema = {
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  GERBANG_CONTEXT_SECRET: optionalString,
};

export function contextSecretFrom(env: { NODE_ENV: string; GERBANG_CONTEXT_SECRET?: string }, problems: string[]): string {
  if (env.GERBANG_CONTEXT_SECRET) {
    if (env.GERBANG_CONTEXT_SECRET.length < 32) problems.push('GERBANG_CONTEXT_SECRET: use at least 32 characters');
    return env.GERBANG_CONTEXT_SECRET;
  }
  if (env.NODE_ENV === 'production') problems.push('GERBANG_CONTEXT_SECRET: required when NODE_ENV=production');
  return DEV_CONTEXT_SECRET;
}

export const logLevelSchema = {
  GERBANG_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
};
