import { dirname, join } from 'node:path';
import type { Variant } from '../config';
import type { GatewayUnderTest } from './kinds';

/**
 * Hive Gateway (@graphql-hive/gateway) started as the public benchmark starts it:
 * `hive-gateway supergraph <file> --jit` with NODE_ENV=production and its gateway.config.ts
 * (hive/dedup-on.config.ts), or the same with in-flight deduplication off (hive/dedup-off.config.ts).
 * Run with this Node directly rather than through npm, so that only the gateway is in its process tree.
 */
function hiveBin(): string {
  return join(dirname(require.resolve('@graphql-hive/gateway/package.json')), 'dist', 'bin.js');
}

function hive(variant: Variant): GatewayUnderTest {
  return {
    id: `hive:${variant}`,
    kind: 'hive',
    variants: [variant],
    label: variant === 'dedup-on' ? 'Hive Gateway' : 'Hive Gateway, dedup off',
    launch: ({ port, supergraphPath, baseEnv }) => ({
      command: process.execPath,
      args: [hiveBin(), 'supergraph', supergraphPath, '--jit', '--host', '127.0.0.1', '--port', String(port), '--config-path', join(__dirname, 'hive', `${variant}.config.ts`)],
      env: { ...baseEnv, NODE_ENV: 'production' },
    }),
  };
}

export const hiveDedupOn = hive('dedup-on');
export const hiveDedupOff = hive('dedup-off');
