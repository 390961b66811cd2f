import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigError, loadConfig, optionalString, port } from '@core/config/load';
import { hopSignerFrom, hopSignerSchema, logLevelSchema, REPO_ROOT } from '@core/config/shared';
import { tenantSchema, tenantsFrom, type Tenants } from '@core/tenants';
import type { HopSigner } from '@core/context/hop-keys';
import { SUPERGRAPH_PATH } from '@core/schema/subgraphs';
import type { LogLevel } from '@core/log';
import type { ServerTimeouts } from '@core/http/graphql-server';
import { DEVELOPMENT_ISSUER, type AuthenticationSettings, type TokenKeys } from './auth/authenticator';
import type { OperationLimits } from './operation-limits';
import { parseRateLimitRule, type RateLimitSettings } from './rate-limit';

/** The gateway's configuration; the only reader of process.env in the gateway process. */
const ms = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const schema = z
  .object({
    ...hopSignerSchema,
    ...logLevelSchema,
    ...tenantSchema,
    GATEWAY_PORT: port(4000),
    GATEWAY_HOST: z.string().default('127.0.0.1'),
    /** /metrics (and a copy of /healthz, /readyz) listen here, apart from the public port. */
    GATEWAY_ADMIN_PORT: port(9400),
    GATEWAY_ADMIN_HOST: z.string().default('127.0.0.1'),
    /** The supergraph to serve; the committed one by default, another for benchmarks. */
    GERBANG_SUPERGRAPH_PATH: z.string().default(SUPERGRAPH_PATH),
    /** Every request's deadline, from its arrival to its answer, across every subgraph and legacy call. */
    GATEWAY_REQUEST_DEADLINE_MS: ms(100, 120_000, 10_000),
    /** Per-operation deadlines by operation name: `SearchResidents=20000,KioskPrint=5000`. */
    GATEWAY_OPERATION_DEADLINES: z.string().default(''),
    /** Pooled keep-alive sockets per subgraph; calls beyond wait in the pool, within their deadline. */
    GATEWAY_SUBGRAPH_MAX_SOCKETS: z.coerce.number().int().min(1).max(10_000).default(256),
    /** /readyz answers from a result this fresh, so probes never storm the subgraphs and legacy apps. */
    GERBANG_READINESS_CACHE_MS: ms(0, 60_000, 1_500),
    /** End users' tokens (gateway/src/auth): the identity provider's keys, one of the two. */
    GATEWAY_JWKS_FILE: optionalString,
    GATEWAY_JWKS_URL: optionalString.pipe(z.string().url().optional()),
    GATEWAY_JWT_ISSUER: optionalString,
    GATEWAY_JWT_AUDIENCE: z.string().min(1).default('gerbang'),
    GATEWAY_JWT_CLOCK_TOLERANCE_S: z.coerce.number().int().min(0).max(300).default(30),
    /** Requests per principal and per client address (gateway/src/rate-limit.ts): `points/window` or `off`. */
    GATEWAY_RATE_LIMIT_PER_PRINCIPAL: z.string().default('600/60s'),
    GATEWAY_RATE_LIMIT_PER_ADDRESS: z.string().default('300/60s'),
    GATEWAY_RATE_LIMIT_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,40}$/).default('gerbang:rl'),
    GATEWAY_RATE_LIMIT_REDIS_TIMEOUT_MS: ms(10, 5_000, 250),
    /** Shared counters across gateway replicas; unset: each process counts in memory. */
    REDIS_URL: optionalString.pipe(z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL').optional()),
    /** What one operation may cost (gateway/src/operation-limits.ts). */
    GATEWAY_MAX_DEPTH: z.coerce.number().int().min(2).max(100).default(10),
    GATEWAY_MAX_ALIASES: z.coerce.number().int().min(0).max(1_000).default(20),
    GATEWAY_MAX_DIRECTIVES: z.coerce.number().int().min(0).max(1_000).default(20),
    GATEWAY_MAX_TOKENS: z.coerce.number().int().min(100).max(100_000).default(2_000),
    GATEWAY_MAX_COST: z.coerce.number().int().min(100).max(1e12).default(5_000),
    /** Persisted (safelisted) operations for machine clients; see gateway/src/persisted-operations.ts. */
    GATEWAY_PERSISTED_OPERATIONS_FILE: z.string().default(join(REPO_ROOT, 'gateway', 'operations', 'manifest.json')),
    /** Gateway processes sharing the public port (gateway/src/cluster.ts): a number, or `auto` for one per core. */
    GATEWAY_WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default(1),
    /** Identical queries from the same caller in flight at the same time share one execution (gateway/src/in-flight-key.ts). */
    GATEWAY_MERGE_IN_FLIGHT: z.enum(['on', 'off']).default('on'),
    /** Operations one subgraph answers whole are answered without Apollo's pipeline once known (gateway/src/federation/single-fetch.ts). */
    GATEWAY_SINGLE_FETCH: z.enum(['on', 'off']).default('on'),
    /** Schema introspection: on in development mode, off otherwise unless set. */
    GATEWAY_INTROSPECTION: z.enum(['on', 'off']).optional(),
    GATEWAY_MAX_BODY_BYTES: z.coerce.number().int().min(1_000).max(50_000_000).default(1_000_000),
    /** The largest file `POST /uploads` takes (streamed, never held); the archive has its own limit too. */
    GATEWAY_UPLOAD_MAX_BYTES: z.coerce.number().int().min(1_024).max(1024 * 1024 * 1024).default(10 * 1024 * 1024),
    /** How long one upload may take from its first byte to the archive's answer (within GATEWAY_REQUEST_TIMEOUT_MS). */
    GATEWAY_UPLOAD_DEADLINE_MS: ms(1_000, 600_000, 25_000),
    GATEWAY_HEADERS_TIMEOUT_MS: ms(1_000, 120_000, 10_000),
    GATEWAY_REQUEST_TIMEOUT_MS: ms(1_000, 600_000, 30_000),
    GATEWAY_KEEP_ALIVE_TIMEOUT_MS: ms(1_000, 600_000, 65_000),
  })
  .passthrough();

export interface GatewayConfig {
  port: number;
  host: string;
  admin: { port: number; host: string };
  supergraphPath: string;
  /** SUBGRAPH_<NAME>_URL overrides of the routing URLs in the supergraph, by subgraph name. */
  subgraphUrls: Record<string, string>;
  tenants: Tenants;
  defaultTenant: string;
  signer: HopSigner;
  logLevel: LogLevel;
  deadlineMs: number;
  operationDeadlinesMs: Record<string, number>;
  subgraphMaxSockets: number;
  maxBodyBytes: number;
  limits: OperationLimits;
  /** Answer introspection queries (GraphiQL, codegen): development only by default. */
  introspection: boolean;
  persistedOperationsFile: string;
  authentication: AuthenticationSettings;
  rateLimits: RateLimitSettings;
  readinessCacheMs: number;
  timeouts: ServerTimeouts;
  uploads: { maxBytes: number; deadlineMs: number };
  mergeInFlight: boolean;
  singleFetch: boolean;
  /** Worker processes sharing the public port (1: this process serves alone). */
  workers: number;
}

const SUBGRAPH_URL_VAR = /^SUBGRAPH_([A-Z0-9_]+)_URL$/;
const OPERATION_DEADLINE = /^([_A-Za-z][_0-9A-Za-z]*)=(\d+)$/;

function operationDeadlines(text: string, problems: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const match = OPERATION_DEADLINE.exec(item);
    const value = match ? Number(match[2]) : NaN;
    if (!match || value < 100 || value > 120_000) {
      problems.push(`GATEWAY_OPERATION_DEADLINES: "${item}" should be OperationName=milliseconds (100 to 120000)`);
      continue;
    }
    out[match[1]!] = value;
  }
  return out;
}

/**
 * Where end users' token keys come from: the identity provider's JWKS (file or URL, with its
 * issuer), the built-in development issuer in development mode, or none (every caller anonymous).
 */
function authenticationFrom(
  raw: { GATEWAY_JWKS_FILE?: string; GATEWAY_JWKS_URL?: string; GATEWAY_JWT_ISSUER?: string; GATEWAY_JWT_AUDIENCE: string; GATEWAY_JWT_CLOCK_TOLERANCE_S: number },
  development: boolean,
  problems: string[],
): AuthenticationSettings {
  if (raw.GATEWAY_JWKS_FILE && raw.GATEWAY_JWKS_URL) problems.push('GATEWAY_JWKS_FILE, GATEWAY_JWKS_URL: set one of them, not both');
  const keys: TokenKeys = raw.GATEWAY_JWKS_FILE
    ? { kind: 'file', path: raw.GATEWAY_JWKS_FILE }
    : raw.GATEWAY_JWKS_URL
      ? { kind: 'url', url: raw.GATEWAY_JWKS_URL }
      : development
        ? { kind: 'development' }
        : { kind: 'none' };
  if ((keys.kind === 'file' || keys.kind === 'url') && !raw.GATEWAY_JWT_ISSUER) problems.push('GATEWAY_JWT_ISSUER: required with GATEWAY_JWKS_FILE or GATEWAY_JWKS_URL (the identity provider\'s "iss")');
  const issuer = keys.kind === 'development' ? (raw.GATEWAY_JWT_ISSUER ?? DEVELOPMENT_ISSUER) : (raw.GATEWAY_JWT_ISSUER ?? '');
  return { keys, issuer, audience: raw.GATEWAY_JWT_AUDIENCE, clockToleranceS: raw.GATEWAY_JWT_CLOCK_TOLERANCE_S };
}

export function loadGatewayConfig(env?: Record<string, string | undefined>): GatewayConfig {
  const raw = loadConfig(schema, env) as z.infer<typeof schema> & Record<string, unknown>;
  const problems: string[] = [];
  const signer = hopSignerFrom(raw, problems);
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const match = SUBGRAPH_URL_VAR.exec(key);
    if (!match || typeof value !== 'string' || value === '') continue;
    if (!/^https?:\/\//.test(value)) problems.push(`${key}: expected an http(s) URL, got "${value}"`);
    subgraphUrls[match[1]!.toLowerCase().replace(/_/g, '-')] = value;
  }
  const tenants = tenantsFrom(raw, problems);
  const authentication = authenticationFrom(raw, signer?.development ?? false, problems);
  const perPrincipal = parseRateLimitRule(raw.GATEWAY_RATE_LIMIT_PER_PRINCIPAL);
  const perAddress = parseRateLimitRule(raw.GATEWAY_RATE_LIMIT_PER_ADDRESS);
  if (perPrincipal === undefined) problems.push(`GATEWAY_RATE_LIMIT_PER_PRINCIPAL: "${raw.GATEWAY_RATE_LIMIT_PER_PRINCIPAL}" should be like 600/60s, 10000/1h or off`);
  if (perAddress === undefined) problems.push(`GATEWAY_RATE_LIMIT_PER_ADDRESS: "${raw.GATEWAY_RATE_LIMIT_PER_ADDRESS}" should be like 300/60s or off`);
  const operationDeadlinesMs = operationDeadlines(raw.GATEWAY_OPERATION_DEADLINES, problems);
  if (raw.GATEWAY_HEADERS_TIMEOUT_MS > raw.GATEWAY_REQUEST_TIMEOUT_MS) problems.push('GATEWAY_HEADERS_TIMEOUT_MS: must not be longer than GATEWAY_REQUEST_TIMEOUT_MS');
  // Node ends any request that takes longer than its requestTimeout, uploads included.
  if (raw.GATEWAY_UPLOAD_DEADLINE_MS > raw.GATEWAY_REQUEST_TIMEOUT_MS) problems.push('GATEWAY_UPLOAD_DEADLINE_MS: must not be longer than GATEWAY_REQUEST_TIMEOUT_MS (raise both for slow links)');
  if (problems.length > 0 || !signer || !tenants) throw new ConfigError(problems);
  return {
    port: raw.GATEWAY_PORT,
    host: raw.GATEWAY_HOST,
    admin: { port: raw.GATEWAY_ADMIN_PORT, host: raw.GATEWAY_ADMIN_HOST },
    supergraphPath: raw.GERBANG_SUPERGRAPH_PATH,
    subgraphUrls,
    tenants,
    defaultTenant: raw.GERBANG_DEFAULT_TENANT,
    signer,
    logLevel: raw.GERBANG_LOG_LEVEL,
    deadlineMs: raw.GATEWAY_REQUEST_DEADLINE_MS,
    operationDeadlinesMs,
    subgraphMaxSockets: raw.GATEWAY_SUBGRAPH_MAX_SOCKETS,
    maxBodyBytes: raw.GATEWAY_MAX_BODY_BYTES,
    authentication,
    rateLimits: {
      perPrincipal: perPrincipal ?? null,
      perAddress: perAddress ?? null,
      redisUrl: raw.REDIS_URL,
      keyPrefix: raw.GATEWAY_RATE_LIMIT_KEY_PREFIX,
      redisCommandTimeoutMs: raw.GATEWAY_RATE_LIMIT_REDIS_TIMEOUT_MS,
    },
    limits: {
      maxDepth: raw.GATEWAY_MAX_DEPTH,
      maxAliases: raw.GATEWAY_MAX_ALIASES,
      maxDirectives: raw.GATEWAY_MAX_DIRECTIVES,
      maxTokens: raw.GATEWAY_MAX_TOKENS,
      maxCost: raw.GATEWAY_MAX_COST,
      // Suggestions help a developer at GraphiQL; outside development mode they only help an attacker.
      fieldSuggestions: signer.development,
    },
    introspection: raw.GATEWAY_INTROSPECTION ? raw.GATEWAY_INTROSPECTION === 'on' : signer.development,
    persistedOperationsFile: raw.GATEWAY_PERSISTED_OPERATIONS_FILE,
    readinessCacheMs: raw.GERBANG_READINESS_CACHE_MS,
    timeouts: { headersMs: raw.GATEWAY_HEADERS_TIMEOUT_MS, requestMs: raw.GATEWAY_REQUEST_TIMEOUT_MS, keepAliveMs: raw.GATEWAY_KEEP_ALIVE_TIMEOUT_MS },
    uploads: { maxBytes: raw.GATEWAY_UPLOAD_MAX_BYTES, deadlineMs: raw.GATEWAY_UPLOAD_DEADLINE_MS },
    mergeInFlight: raw.GATEWAY_MERGE_IN_FLIGHT === 'on',
    singleFetch: raw.GATEWAY_SINGLE_FETCH === 'on',
    workers: raw.GATEWAY_WORKERS === 'auto' ? availableParallelism() : raw.GATEWAY_WORKERS,
  };
}
