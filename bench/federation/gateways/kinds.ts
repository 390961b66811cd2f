import type { GatewayKind, Variant } from '../config';

/**
 * How to start one gateway under test. Each is started pinned and alone on its core, listening
 * on `port` (and Gerbang's metrics on `adminPort`), on the bench supergraph.
 */
export interface LaunchContext {
  port: number;
  adminPort: number;
  supergraphPath: string;
  /** The caller's environment (PATH, tuning variables), which each launch extends. */
  baseEnv: Record<string, string>;
  root: string;
  /** Gerbang's throwaway hop keys (npm run keys -- new). */
  hopKeysDir?: string;
}

export interface GatewayLaunch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

export interface GatewayUnderTest {
  /** `apollo`, `hive:dedup-on`, `gerbang:dedup-off`, ... */
  id: string;
  kind: GatewayKind;
  /** Which table it belongs in; stock @apollo/gateway never merges and is the baseline in both. */
  variants: readonly Variant[];
  label: string;
  launch(context: LaunchContext): GatewayLaunch;
}
