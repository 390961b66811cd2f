/**
 * Hive Gateway with the benchmark's configuration except in-flight request deduplication, which
 * is off: every query is executed on its own, to compare with gateways that do not merge.
 */
import { defineConfig } from '@graphql-hive/gateway';

export const gatewayConfig = defineConfig({
  inboundInflightRequestDeduplication: false,
});
