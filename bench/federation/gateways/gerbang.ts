import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { Variant } from '../config';
import type { GatewayUnderTest } from './kinds';

/**
 * Gerbang's gateway as `npm run gateway` runs it (gateway/src/index.ts built into dist/gateway.cjs) on the bench supergraph,
 * not in development mode: it signs its subgraph calls with throwaway hop keys made by the
 * project's own tool (the bench subgraphs do not check them). Callers are anonymous (the bench
 * supergraph has no access rules); rate limits are off and the operation limits raised so the
 * benchmark's query and load are served. In-flight merging on or off (GATEWAY_MERGE_IN_FLIGHT).
 */
/**
 * The Node flags `npm run gateway` starts the gateway with (package.json): a young generation
 * large enough that requests in flight die young, small enough that memory stays flat under load
 * (docs/benchmarks.md, session 20). A test keeps the two equal.
 */
export const GATEWAY_NODE_FLAGS = ['--max-semi-space-size=8'];

export function makeHopKeys(root: string, dir: string, env: Record<string, string>): void {
  execFileSync('npm', ['run', '-s', 'keys', '--', 'new', '--out', dir], { cwd: root, env, stdio: 'ignore' });
}

function gerbang(variant: Variant): GatewayUnderTest {
  return {
    id: `gerbang:${variant}`,
    kind: 'gerbang',
    variants: [variant],
    label: variant === 'dedup-on' ? 'Gerbang' : 'Gerbang, merging off',
    launch: ({ port, adminPort, supergraphPath, baseEnv, root, hopKeysDir }) => {
      if (!hopKeysDir) throw new Error('Gerbang needs hop keys');
      // What `npm run gateway` runs: the gateway built into one JavaScript file (no tsx in the process).
      execFileSync(process.execPath, [join(root, 'scripts', 'build-gateway.mjs')], { cwd: root, stdio: 'ignore' });
      return {
        command: process.execPath,
        args: [...GATEWAY_NODE_FLAGS, join(root, 'dist', 'gateway.cjs')],
        env: {
          ...baseEnv,
          NODE_ENV: 'production',
          GERBANG_DEV_MODE: '',
          GERBANG_HOP_PRIVATE_KEY_FILE: join(hopKeysDir, 'hop-private.pem'),
          GERBANG_SUPERGRAPH_PATH: supergraphPath,
          GATEWAY_HOST: '127.0.0.1',
          GATEWAY_PORT: String(port),
          GATEWAY_ADMIN_PORT: String(adminPort),
          GATEWAY_RATE_LIMIT_PER_PRINCIPAL: 'off',
          GATEWAY_RATE_LIMIT_PER_ADDRESS: 'off',
          // The query nests 8 levels, ~100 fields; room to spare so the limits never decide.
          GATEWAY_MAX_DEPTH: '20',
          GATEWAY_MAX_TOKENS: '10000',
          GATEWAY_MAX_COST: '100000',
          GERBANG_LOG_LEVEL: 'warn',
          GATEWAY_MERGE_IN_FLIGHT: variant === 'dedup-on' ? 'on' : 'off',
        },
      };
    },
  };
}

export const gerbangMergeOn = gerbang('dedup-on');
export const gerbangMergeOff = gerbang('dedup-off');
