import { join } from 'node:path';
import type { GatewayUnderTest } from './kinds';

/** Stock @apollo/gateway in Apollo Server, defaults only (apollo.ts), as the benchmark runs it. */
export const stockApollo: GatewayUnderTest = {
  id: 'apollo',
  kind: 'apollo',
  variants: ['dedup-on', 'dedup-off'],
  label: 'stock @apollo/gateway',
  launch: ({ port, supergraphPath, baseEnv }) => ({
    command: process.execPath,
    args: ['--import', 'tsx', join(__dirname, 'apollo.ts'), '--port', String(port), '--supergraph', supergraphPath],
    // As the benchmark's run.sh; no telemetry ping from a closed network.
    env: { ...baseEnv, NODE_ENV: 'production', APOLLO_TELEMETRY_DISABLED: 'true' },
  }),
};
