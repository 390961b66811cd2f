/**
 * Hive Gateway as the public benchmark configures it (gateways/hive-gateway/gateway.config.ts):
 * identical requests in flight at the same time are answered by one execution. Started with
 * `hive-gateway supergraph <file> --jit` and NODE_ENV=production, as the benchmark does.
 */
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  inboundInflightRequestDeduplication: true,
});
