import { createHash } from 'node:crypto';
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { getNamedType, GraphQLError, print } from 'graphql';
import type { Principal } from '@core/context/request-context';
import { ErrorCode } from '@core/errors';
import type { GatewayContext } from '../context';
import { allows, type Policy } from './decide';
import { dropPlaceholders, filterOperation, setNull, type FieldCheck } from './filter-operation';
import type { AccessRules } from './rules';

/**
 * The supergraph's access rules, enforced by the gateway itself (stock @apollo/gateway ignores
 * them): before a query is planned, the fields this caller may not see are taken out; the rest is
 * planned (the plan cache is keyed by the filtered text, so callers who may see different things
 * never share a plan) and answered; each removed field comes back `null` with FORBIDDEN on its
 * path. Fields reached through entity references are judged like any other, because the rules
 * are read from the composed supergraph. With no rules in the supergraph, nothing is checked.
 */
export function fieldCheck(rules: AccessRules, principal: Principal, policies: ReadonlyMap<string, Policy>): FieldCheck {
  return (parentType, field) => {
    const onField = rules.field(parentType, field.name);
    if (onField && !allows(onField, principal, policies)) return false;
    const onType = rules.type(getNamedType(field.type).name);
    return !onType || allows(onType, principal, policies);
  };
}

function forbidden(path: string[]): GraphQLError {
  return new GraphQLError('You may not see this field.', { path, extensions: { code: ErrorCode.FORBIDDEN } });
}

function authorizingExecutor(inner: GatewayExecutor, rules: AccessRules, policies: ReadonlyMap<string, Policy>): GatewayExecutor {
  return async (requestContext: GatewayGraphQLRequestContext) => {
    const principal = (requestContext.context as Partial<GatewayContext>).request?.principal ?? { kind: 'anonymous' };
    const { document, denied } = filterOperation(requestContext.schema, requestContext.document, requestContext.operationName ?? undefined, fieldCheck(rules, principal, policies));
    if (denied.length === 0) return inner(requestContext);
    const source = print(document);
    const filtered = Object.create(requestContext, {
      document: { value: document },
      source: { value: source },
      queryHash: { value: createHash('sha256').update(source).digest('hex') },
    }) as GatewayGraphQLRequestContext;
    const result = await inner(filtered);
    const data = denied.some((d) => d.nulled.length === 0) ? null : (result.data ?? null);
    dropPlaceholders(data);
    for (const d of denied) setNull(data, d.nulled);
    return { ...result, data, errors: [...(result.errors ?? []), ...denied.map((d) => forbidden(d.field))] };
  };
}

export function authorizingGateway(inner: GatewayInterface, rules: AccessRules, policies: ReadonlyMap<string, Policy>): GatewayInterface {
  if (rules.empty) return inner;
  return {
    onSchemaLoadOrUpdate: (callback) => inner.onSchemaLoadOrUpdate(callback),
    stop: () => inner.stop(),
    async load(options) {
      const loaded = await inner.load(options);
      return { ...loaded, executor: loaded.executor && authorizingExecutor(loaded.executor, rules, policies) };
    },
  };
}
