import { parse, type DocumentNode, type OperationTypeNode } from 'graphql';
import { perPrincipal } from './auth/per-principal';
import type { GatewayContext } from './context';

/**
 * Which requests may share one execution (core/http/in-flight.ts): queries only (a mutation is
 * never run once for two requests), with the same document, operation name and variables, from
 * the same principal (every claim: id, roles, scopes, region, NIK), for the same tenant and with the
 * same stated purpose. Two callers who might see different data never share, and neither do two
 * requests whose audit records would differ.
 */
const OPERATION_TYPES = new Map<string, OperationTypeNode | undefined>();
const MAX_REMEMBERED = 1_000;

/** The type of the operation a request runs; parsed once per document and operation name. */
function operationTypeOf(query: string, operationName: string | undefined): OperationTypeNode | undefined {
  const cacheKey = `${operationName ?? ''}\u0000${query}`;
  if (OPERATION_TYPES.has(cacheKey)) return OPERATION_TYPES.get(cacheKey);
  let document: DocumentNode | undefined;
  try {
    document = parse(query, { noLocation: true });
  } catch {
    document = undefined;
  }
  const operations = document?.definitions.filter((d) => d.kind === 'OperationDefinition') ?? [];
  const chosen = operationName ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  const type = chosen?.operation;
  if (OPERATION_TYPES.size >= MAX_REMEMBERED) OPERATION_TYPES.clear();
  OPERATION_TYPES.set(cacheKey, type);
  return type;
}

/** A principal's JSON, written once per principal: only the request's own parts are serialised per request. */
const principalJson = perPrincipal((principal) => JSON.stringify(principal));

export function inFlightKeyOf(context: GatewayContext, body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const { query, operationName, variables } = body as { query?: unknown; operationName?: unknown; variables?: unknown };
  if (typeof query !== 'string') return undefined;
  const name = typeof operationName === 'string' ? operationName : undefined;
  if (operationTypeOf(query, name) !== 'query') return undefined;
  const { principal, tenant, purpose } = context.request;
  // JSON.stringify([principal, tenant, purpose, name, variables, query]), with the principal's part remembered.
  return `[${principalJson(principal)},${JSON.stringify([tenant, purpose ?? null, name ?? null, variables ?? null, query]).slice(1)}`;
}
