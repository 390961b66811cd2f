import { createHash } from 'node:crypto';
import type { GatewayExecutor, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import { getNamedType, GraphQLError, print, type DocumentNode, type GraphQLSchema } from 'graphql';
import { ErrorCode } from '@core/errors';
import type { RequestContext } from '@core/context/request-context';
import { perPrincipal } from '../auth/per-principal';
import type { GatewayContext } from '../context';
import { denialOf, holdsAny, type Caller, type Policy } from './decide';
import { dropPlaceholders, filterOperation, setNull, updateAt, type FieldCheck, type Filtered, type MaskCheck } from './filter-operation';
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

/**
 * What the access decisions read of a caller, and nothing else: kind, roles, scopes, and whether a
 * purpose was stated (not its text, not the id or region: rows are the subgraphs' business). The
 * rules and policies see only these facts, so the same facts always give the same decisions, and a
 * decision made for one caller can be reused for another with the same facts.
 */
function decidingFacts(requestContext: GatewayGraphQLRequestContext): { caller: Caller; key: string } {
  return callerFacts((requestContext.context as Partial<GatewayContext>).request);
}

type Facts = { caller: Caller; key: string };

/** The caller facts the access decisions read, and a key that is equal exactly when they are. */
export function callerFacts(request: RequestContext | undefined): Facts {
  const principal = request?.principal ?? { kind: 'anonymous' as const };
  if (principal.kind === 'anonymous') return { caller: { principal }, key: 'anonymous' };
  const [unstated, stated] = factsOf(principal);
  return request?.purpose ? stated : unstated;
}

/** A principal's facts without and with a stated purpose: sorted once per principal, not per request. */
const factsOf = perPrincipal((principal): readonly [Facts, Facts] => {
  const roles = principal.kind === 'anonymous' ? [] : [...principal.roles].sort();
  const scopes = principal.kind === 'anonymous' ? [] : [...(principal.scopes ?? [])].sort();
  const facts = (stated: 'stated' | undefined): Facts =>
    Object.freeze({
      caller: Object.freeze({ principal: Object.freeze({ kind: principal.kind, id: '', roles, scopes }) as typeof principal, ...(stated ? { purpose: stated } : {}) }),
      key: `${principal.kind}|${roles.join(',')}|${scopes.join(',')}|${stated ?? ''}`,
    });
  return [facts(undefined), facts('stated')];
});

/** An operation as filtered for callers with the same facts: what runs, and what is nulled and masked after. */
interface Prepared {
  schema: GraphQLSchema;
  denied: Filtered['denied'];
  masked: Filtered['masked'];
  /** The filtered operation when fields were denied (its text and hash key the plan cache). */
  run?: { document: DocumentNode; source: string; queryHash: string };
}

/** Per parsed document (Apollo keeps one per query text), per operation and caller facts: a few entries each. */
const MAX_PER_DOCUMENT = 64;

function preparedFor(cache: WeakMap<DocumentNode, Map<string, Prepared>>, requestContext: GatewayGraphQLRequestContext, rules: AccessRules, policies: ReadonlyMap<string, Policy>): Prepared {
  const { caller, key: facts } = decidingFacts(requestContext);
  const key = `${requestContext.operationName ?? ''}\u0000${facts}`;
  let byCaller = cache.get(requestContext.document);
  const known = byCaller?.get(key);
  if (known && known.schema === requestContext.schema) return known;
  const { document, denied, masked } = filterOperation(requestContext.schema, requestContext.document, requestContext.operationName ?? undefined, fieldCheck(rules, caller, policies), maskCheck(rules, caller));
  const prepared: Prepared = { schema: requestContext.schema, denied, masked };
  if (denied.length > 0) {
    const source = print(document);
    prepared.run = { document, source, queryHash: createHash('sha256').update(source).digest('hex') };
  }
  if (!byCaller) cache.set(requestContext.document, (byCaller = new Map()));
  if (byCaller.size >= MAX_PER_DOCUMENT) byCaller.delete(byCaller.keys().next().value!);
  byCaller.set(key, prepared);
  return prepared;
}

function authorizingExecutor(inner: GatewayExecutor, rules: AccessRules, policies: ReadonlyMap<string, Policy>): GatewayExecutor {
  // Filtering an operation is a walk over it with a decision per field: done once per document and
  // caller facts, not once per request.
  const cache = new WeakMap<DocumentNode, Map<string, Prepared>>();
  return async (requestContext: GatewayGraphQLRequestContext) => {
    const { denied, masked, run: filtered } = preparedFor(cache, requestContext, rules, policies);
    if (denied.length === 0 && masked.length === 0) return inner(requestContext);
    // The answer is not the subgraphs' as it came: nothing may pass it on unchanged.
    const notes = (requestContext.context as Partial<GatewayContext>).notes;
    if (notes) notes.answerRewritten = true;
    let run = requestContext;
    if (filtered) {
      run = Object.create(requestContext, {
        document: { value: filtered.document },
        source: { value: filtered.source },
        queryHash: { value: filtered.queryHash },
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
