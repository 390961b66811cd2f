import type { GatewayKind, Variant } from '../config';
import { gerbangMergeOff, gerbangMergeOn } from './gerbang';
import { hiveDedupOff, hiveDedupOn } from './hive';
import type { GatewayUnderTest } from './kinds';
import { stockApollo } from './stock-apollo';

/** Every gateway the bench knows, in table order. */
export const ALL_GATEWAYS: readonly GatewayUnderTest[] = [stockApollo, hiveDedupOn, hiveDedupOff, gerbangMergeOn, gerbangMergeOff];

/** The gateways of the chosen kinds that belong to at least one chosen variant. */
export function selectGateways(kinds: readonly GatewayKind[], variants: readonly Variant[]): GatewayUnderTest[] {
  return ALL_GATEWAYS.filter((g) => kinds.includes(g.kind) && g.variants.some((v) => variants.includes(v)));
}
