import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import { GraphQLError, type ValidationRule } from 'graphql';

/**
 * What one operation may cost, checked at the gateway before it is planned, so that a hostile
 * query (twenty levels of `family { members { ... } } }`, hundreds of aliases) is refused in
 * milliseconds instead of costing a subgraph its deadline's worth of CPU. The checks are
 * graphql-armor's; the limits are configuration. A refused operation is a validation error
 * (`GRAPHQL_VALIDATION_FAILED`) whose `extensions.reason` says which limit, e.g. `MAX_DEPTH`.
 */
export interface OperationLimits {
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  maxTokens: number;
  maxCost: number;
  /** "Did you mean …?" suggestions reveal the schema to someone guessing at it. */
  fieldSuggestions: boolean;
}

function rejectWith(reason: string): GraphQLArmorRejectCallback {
  return (context, error) => {
    const located = new GraphQLError(error.message, { nodes: error.nodes, extensions: { reason } });
    if (context) context.reportError(located);
    else throw located;
  };
}

export function operationLimitGuards<C extends BaseContext>(limits: OperationLimits): { plugins: ApolloServerPlugin<C>[]; validationRules: ValidationRule[] } {
  const limit = (reason: string) => ({ onReject: [rejectWith(reason)], propagateOnRejection: false, exposeLimits: true });
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, ...limit('MAX_DEPTH'), flattenFragments: true },
    maxAliases: { n: limits.maxAliases, ...limit('MAX_ALIASES') },
    maxDirectives: { n: limits.maxDirectives, ...limit('MAX_DIRECTIVES') },
    maxTokens: { n: limits.maxTokens, ...limit('MAX_TOKENS') },
    costLimit: { maxCost: limits.maxCost, ...limit('MAX_COST'), flattenFragments: true },
    blockFieldSuggestion: { enabled: !limits.fieldSuggestions },
  });
  const { plugins, validationRules } = armor.protect();
  return { plugins: plugins as ApolloServerPlugin<C>[], validationRules };
}
