import { z } from 'zod';
import { ConfigError, loadConfig, port } from '@core/config/load';
import { contextSecretFrom, contextSecretSchema, logLevelSchema } from '@core/config/shared';
import { SUPERGRAPH_PATH } from '@core/schema/subgraphs';
import type { LogLevel } from '@core/log';

/** The gateway's configuration; the only reader of process.env in the gateway process. */
const schema = z
  .object({
    ...contextSecretSchema,
    ...logLevelSchema,
    GATEWAY_PORT: port(4000),
    GATEWAY_HOST: z.string().default('127.0.0.1'),
    /** The supergraph to serve; the committed one by default, another for benchmarks. */
    GERBANG_SUPERGRAPH_PATH: z.string().default(SUPERGRAPH_PATH),
    /** Tenant of requests until authentication assigns one (issue: security builds on this). */
    GERBANG_DEFAULT_TENANT: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/).default('tangsel'),
    GATEWAY_SUBGRAPH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    GATEWAY_MAX_BODY_BYTES: z.coerce.number().int().min(1_000).max(50_000_000).default(1_000_000),
  })
  .passthrough();

export interface GatewayConfig {
  port: number;
  host: string;
  supergraphPath: string;
  /** SUBGRAPH_<NAME>_URL overrides of the routing URLs in the supergraph, by subgraph name. */
  subgraphUrls: Record<string, string>;
  defaultTenant: string;
  contextSecret: string;
  logLevel: LogLevel;
  subgraphTimeoutMs: number;
  maxBodyBytes: number;
}

const SUBGRAPH_URL_VAR = /^SUBGRAPH_([A-Z0-9_]+)_URL$/;

export function loadGatewayConfig(env?: Record<string, string | undefined>): GatewayConfig {
  const raw = loadConfig(schema, env) as z.infer<typeof schema> & Record<string, unknown>;
  const problems: string[] = [];
  const contextSecret = contextSecretFrom(raw, problems);
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const match = SUBGRAPH_URL_VAR.exec(key);
    if (!match || typeof value !== 'string' || value === '') continue;
    if (!/^https?:\/\//.test(value)) problems.push(`${key}: expected an http(s) URL, got "${value}"`);
    subgraphUrls[match[1]!.toLowerCase().replace(/_/g, '-')] = value;
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port: raw.GATEWAY_PORT,
    host: raw.GATEWAY_HOST,
    supergraphPath: raw.GERBANG_SUPERGRAPH_PATH,
    subgraphUrls,
    defaultTenant: raw.GERBANG_DEFAULT_TENANT,
    contextSecret,
    logLevel: raw.GERBANG_LOG_LEVEL,
    subgraphTimeoutMs: raw.GATEWAY_SUBGRAPH_TIMEOUT_MS,
    maxBodyBytes: raw.GATEWAY_MAX_BODY_BYTES,
  };
}
