import { createHash } from 'node:crypto';
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { getNamedType, GraphQLError, print } from 'graphql';
import { ErrorCode } from '@core/errors';
import type { GatewayContext } from '../context';
import { denialOf, holdsAny, type Caller, type Policy } from './decide';
import { dropPlaceholders, filterOperation, setNull, updateAt, type FieldCheck, type MaskCheck } from './filter-operation';
import { maskIdentifier } from './mask';
import type { AccessRules } from './rules';

/**
 * The supergraph's access rules, enforced by the gateway itself (stock @apollo/gateway ignores
 * them): before a query is planned, the fields this caller may not see are taken out; the rest is
 * planned (the plan cache is keyed by the filtered text, so callers who may see different things
 * never share a plan) and answered; each removed field comes back `null` with FORBIDDEN on its
 * path, and each `@masked` field the caller may not see in clear comes back masked. Fields
 * reached through entity references are judged like any other, because the rules are read from
 * the composed supergraph. Masking works on the answer, after planning: the subgraphs still pass
 * each other the real keys. With no rules in the supergraph, nothing is checked.
 */
export function fieldCheck(rules: AccessRules, caller: Caller, policies: ReadonlyMap<string, Policy>): FieldCheck {
  return (parentType, field) => {
    const onField = rules.field(parentType, field.name);
    const fieldDenial = onField && denialOf(onField, caller, policies);
    if (fieldDenial) return fieldDenial;
    const onType = rules.type(getNamedType(field.type).name);
    return onType && denialOf(onType, caller, policies);
  };
}

export function maskCheck(rules: AccessRules, caller: Caller): MaskCheck {
  return (parentType, field) => {
    const unless = rules.mask(parentType, field.name);
    return unless !== undefined && !holdsAny(unless, caller.principal);
  };
}

function forbidden(path: string[], reason: string): GraphQLError {
  const message = reason === 'PURPOSE_REQUIRED' ? 'State why you read this personal data (the x-purpose header).' : 'You may not see this field.';
  return new GraphQLError(message, { path, extensions: { code: ErrorCode.FORBIDDEN, reason } });
}

function callerOf(requestContext: GatewayGraphQLRequestContext): Caller {
  const request = (requestContext.context as Partial<GatewayContext>).request;
  return { principal: request?.principal ?? { kind: 'anonymous' }, purpose: request?.purpose };
}

function authorizingExecutor(inner: GatewayExecutor, rules: AccessRules, policies: ReadonlyMap<string, Policy>): GatewayExecutor {
  return async (requestContext: GatewayGraphQLRequestContext) => {
    const caller = callerOf(requestContext);
    const { document, denied, masked } = filterOperation(requestContext.schema, requestContext.document, requestContext.operationName ?? undefined, fieldCheck(rules, caller, policies), maskCheck(rules, caller));
    if (denied.length === 0 && masked.length === 0) return inner(requestContext);
    let run = requestContext;
    if (denied.length > 0) {
      const source = print(document);
      run = Object.create(requestContext, {
        document: { value: document },
        source: { value: source },
        queryHash: { value: createHash('sha256').update(source).digest('hex') },
      }) as GatewayGraphQLRequestContext;
    }
    const result = await inner(run);
    const data = denied.some((d) => d.nulled.length === 0) ? null : (result.data ?? null);
    for (const path of masked) updateAt(data, path, maskIdentifier);
    if (denied.length === 0) return { ...result, data };
    dropPlaceholders(data);
    for (const d of denied) setNull(data, d.nulled);
    return { ...result, data, errors: [...(result.errors ?? []), ...denied.map((d) => forbidden(d.field, d.reason))] };
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
